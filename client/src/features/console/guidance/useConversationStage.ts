import { useCallback, useEffect, useState } from 'react';
import { conversationStages, type ConversationStage } from '../../../../../shared/domain/scripts';
import type { MessageView } from '../../../../../shared/schemas/chat';
import { browserStorage, readJson, writeJson, type KeyValueStorage } from '../../../chat/storage';
import type { Objections } from './guidance-data';
import {
  advanceStage,
  initialStageState,
  setStage,
  type StageState,
} from '../../../../../shared/domain/conversation-stage';

export const stageStorageKey = (conversationId: string) =>
  `scriptdesk.console.stage.${conversationId}`;

function isStageState(value: unknown): value is StageState {
  const v = value as Partial<StageState> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    conversationStages.includes(v.stage as ConversationStage) &&
    typeof v.seq === 'number' &&
    Array.isArray(v.accepted) &&
    v.accepted.every((seq) => typeof seq === 'number') &&
    typeof v.closed === 'boolean'
  );
}

function load(storage: KeyValueStorage, conversationId: string): StageState {
  const stored = readJson(storage, stageStorageKey(conversationId));
  return isStageState(stored) ? stored : initialStageState;
}

let sharedStorage: KeyValueStorage | undefined;
function defaultStorage(): KeyValueStorage {
  sharedStorage ??= browserStorage();
  return sharedStorage;
}

/**
 * The stage of each conversation the console shows, kept in memory and in storage per
 * conversation (a reload keeps it). The open chat's stage moves on with its signals once the
 * objection detector is ready (so no objection is missed while it loads); the agent can set it.
 */
export function useConversationStage(
  conversationId: string | null,
  messages: readonly MessageView[],
  closed: boolean,
  objections: Objections | null,
  storage: KeyValueStorage = defaultStorage(),
): [ConversationStage, (stage: ConversationStage) => void] {
  const [states, setStates] = useState<Record<string, StageState>>({});
  const kept = conversationId ? states[conversationId] : undefined;
  const base = kept ?? (conversationId ? load(storage, conversationId) : initialStageState);
  const current = objections
    ? advanceStage(base, messages, { objections: objections.categories, closed })
    : base;
  // New signals (or a chat seen for the first time): adjust the state while rendering.
  if (conversationId && current !== kept && objections)
    setStates((all) => ({ ...all, [conversationId]: current }));

  useEffect(() => {
    if (conversationId && kept) writeJson(storage, stageStorageKey(conversationId), kept);
  }, [conversationId, kept, storage]);

  const set = useCallback(
    (stage: ConversationStage) => {
      if (conversationId)
        setStates((all) => ({
          ...all,
          [conversationId]: setStage(all[conversationId] ?? current, stage),
        }));
    },
    [conversationId, current],
  );

  return [current.stage, set];
}
