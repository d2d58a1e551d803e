// Command embedded-mongo runs FerretDB (MongoDB wire protocol, SQLite storage)
// on a loopback port for local development and tests when MONGODB_URI is unset.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	addr := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (loopback only)")
	dataDir := flag.String("data", ".data/ferretdb", "folder for the SQLite files")
	parentPID := flag.Int("parent-pid", 0, "exit when this process is gone (0 disables)")
	logLevel := flag.String("log-level", "error", "debug, info, warn or error")
	flag.Parse()

	absData, err := filepath.Abs(*dataDir)
	if err != nil {
		log.Fatalf("embedded-mongo: bad data folder: %v", err)
	}
	if err := os.MkdirAll(absData, 0o755); err != nil {
		log.Fatalf("embedded-mongo: cannot create data folder: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	if *parentPID > 0 {
		go watchParent(ctx, *parentPID, stop)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		log.Fatalf("embedded-mongo: bad log level: %v", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Logger:    logger,
		Listener:  ferretdb.ListenerConfig{TCP: *addr},
		Handler:   "sqlite",
		SQLiteURL: "file:" + absData + "/",
	})
	if err != nil {
		log.Fatalf("embedded-mongo: %v", err)
	}

	done := make(chan struct{})
	go func() {
		f.Run(ctx)
		close(done)
	}()
	fmt.Printf("embedded-mongo listening on %s, data in %s\n", *addr, absData)
	<-done
}

// watchParent stops the server when the Node process that spawned it dies,
// even by SIGKILL, so no FerretDB is ever left orphaned.
func watchParent(ctx context.Context, pid int, stop context.CancelFunc) {
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if os.Getppid() != pid || syscall.Kill(pid, 0) != nil {
				stop()
				return
			}
		}
	}
}
