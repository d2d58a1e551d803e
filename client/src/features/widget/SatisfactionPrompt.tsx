import { useState } from 'react';
import { errorCodeOf } from '../../chat/chat-socket';
import styles from './Widget.module.css';
import { fill, type WidgetText } from './widget-text';

interface SatisfactionPromptProps {
  text: WidgetText;
  /** The rating already given (the chat's satisfaction), if any. */
  given: number | null;
  onRate: (rating: number) => Promise<void>;
}

/** Five stars under a chat that has ended; the rating is saved at once and can be changed. */
export function SatisfactionPrompt({ text, given, onRate }: SatisfactionPromptProps) {
  const [hover, setHover] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const shown = hover ?? given ?? 0;

  const rate = async (rating: number) => {
    setSaving(true);
    setError(null);
    try {
      await onRate(rating);
    } catch (err) {
      setError(text.errorSentence(errorCodeOf(err)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className={styles.rating} data-testid="widget-rating">
      <p className={styles.ratingQuestion}>{given ? text.rating.thanks : text.rating.question}</p>
      <div role="radiogroup" aria-label={text.rating.question} onMouseLeave={() => setHover(null)}>
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            role="radio"
            aria-checked={given === n}
            aria-label={`${fill(text.rating.star, { count: n })} · ${text.rating.labels[n as 1 | 2 | 3 | 4 | 5]}`}
            title={text.rating.labels[n as 1 | 2 | 3 | 4 | 5]}
            disabled={saving}
            className={n <= shown ? `${styles.star} ${styles.starOn}` : styles.star}
            data-testid={`widget-star-${n}`}
            onMouseEnter={() => setHover(n)}
            onFocus={() => setHover(n)}
            onBlur={() => setHover(null)}
            onClick={() => void rate(n)}
          >
            ★
          </button>
        ))}
      </div>
      {error && (
        <p className={styles.ratingError} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
