import { MAX_PRIORITY } from './routing-rules';

/*
 * Each routing change is one Lua script: Redis runs a script to the end before any other
 * command, so two nodes can never both take one chat or both fill an agent's last slot.
 * ARGV[1] is the key prefix; keys are built inside the scripts (single Redis, not Cluster).
 *
 * Keys under the prefix:
 *   ready                 marker: present while the state is whole (see needsRebuild)
 *   seq                   assignment counter (orders agents for round-robin and ties)
 *   skills                set of skills that may have queued chats
 *   queue:<skill>         zset conversation -> (MAX_PRIORITY - priority) * 2^43 + enqueuedAt
 *   queue-age:<skill>     zset conversation -> enqueuedAt (oldest wait per skill)
 *   chat:<id>             hash skill, priority, at, agent ('' while queued)
 *   agents                set of agent ids
 *   agent:<id>            hash skills (JSON), capacity, status, last (seq of latest assignment)
 *   skill-agents:<skill>  set of agents with the skill
 *   agent-chats:<id>      set of conversations the agent holds; its size is the load
 *   grace                 zset agent -> deadline of the grace period
 */
const prelude = `
local P = ARGV[1]
local MAXP = ${MAX_PRIORITY}
local function fmt(n) return string.format('%.0f', n) end
-- Lua compares strings with the locale; zsets and the memory implementation use bytes.
local function lessBytes(a, b)
  for i = 1, math.min(#a, #b) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end
local function addToQueue(id, skill, priority, at)
  redis.call('HSET', P .. 'chat:' .. id, 'skill', skill, 'priority', fmt(priority), 'at', fmt(at), 'agent', '')
  redis.call('ZADD', P .. 'queue:' .. skill, fmt((MAXP - priority) * 8796093022208 + at), id)
  redis.call('ZADD', P .. 'queue-age:' .. skill, fmt(at), id)
  redis.call('SADD', P .. 'skills', skill)
end
local function removeFromQueue(id, skill)
  redis.call('ZREM', P .. 'queue:' .. skill, id)
  redis.call('ZREM', P .. 'queue-age:' .. skill, id)
  if redis.call('ZCARD', P .. 'queue:' .. skill) == 0 then redis.call('SREM', P .. 'skills', skill) end
end
local function assign(id, skill, agentId)
  removeFromQueue(id, skill)
  redis.call('HSET', P .. 'chat:' .. id, 'agent', agentId)
  redis.call('SADD', P .. 'agent-chats:' .. agentId, id)
  redis.call('HSET', P .. 'agent:' .. agentId, 'last', redis.call('INCR', P .. 'seq'))
end
local function inGrace(agentId) return redis.call('ZSCORE', P .. 'grace', agentId) ~= false end
local function writeAgent(id, skillsJson, capacity, status)
  local key = P .. 'agent:' .. id
  local old = redis.call('HGET', key, 'skills')
  if old then
    for _, s in ipairs(cjson.decode(old)) do redis.call('SREM', P .. 'skill-agents:' .. s, id) end
  end
  for _, s in ipairs(cjson.decode(skillsJson)) do redis.call('SADD', P .. 'skill-agents:' .. s, id) end
  redis.call('HSET', key, 'skills', skillsJson, 'capacity', fmt(capacity), 'status', status)
  redis.call('SADD', P .. 'agents', id)
end
`;

const requireReady = `
if redis.call('EXISTS', P .. 'ready') == 0 then return redis.error_reply('NOTREADY routing state missing') end
`;

const script = (body: string, ready = true) => prelude + (ready ? requireReady : '') + body;

export const routingScripts = {
  /** ARGV: prefix, agentId, skills JSON, capacity, status */
  setAgent: script(`writeAgent(ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]) return 1`),

  /** ARGV: prefix, agentId, status */
  setAgentStatus: script(`
if redis.call('EXISTS', P .. 'agent:' .. ARGV[2]) == 0 then return 0 end
redis.call('HSET', P .. 'agent:' .. ARGV[2], 'status', ARGV[3])
return 1`),

  /** ARGV: prefix, agentId */
  agentLoad: script(`return redis.call('SCARD', P .. 'agent-chats:' .. ARGV[2])`),
  assignmentsOf: script(`return redis.call('SMEMBERS', P .. 'agent-chats:' .. ARGV[2])`),

  /** ARGV: prefix. Returns id, skills JSON, capacity, status, load, in grace (1/0) per agent. */
  listAgents: script(`
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', P .. 'agents')) do
  local a = redis.call('HMGET', P .. 'agent:' .. id, 'skills', 'capacity', 'status')
  if a[1] then
    for _, v in ipairs({ id, a[1], a[2], a[3], redis.call('SCARD', P .. 'agent-chats:' .. id), inGrace(id) and 1 or 0 }) do
      table.insert(out, v)
    end
  end
end
return out`),

  /** ARGV: prefix, conversationId, skill, priority, enqueuedAt */
  enqueue: script(`
local agent = redis.call('HGET', P .. 'chat:' .. ARGV[2], 'agent')
if agent then return agent == '' and 'already-queued' or 'assigned' end
addToQueue(ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]))
return 'queued'`),

  /** ARGV: prefix, conversationId */
  dequeue: script(`
local chat = redis.call('HMGET', P .. 'chat:' .. ARGV[2], 'skill', 'agent')
if chat[2] ~= '' then return 0 end
removeFromQueue(ARGV[2], chat[1])
redis.call('DEL', P .. 'chat:' .. ARGV[2])
return 1`),

  /**
   * ARGV: prefix, strategy. The head of each skill's queue is that skill's best chat; the best
   * head whose skill has an eligible agent wins. Agents are only looked up for heads that would
   * beat the current best.
   */
  assignNext: script(`
local strategy = ARGV[2]
local function pickAgent(skill)
  local best, bestLoad, bestLast
  for _, id in ipairs(redis.call('SMEMBERS', P .. 'skill-agents:' .. skill)) do
    local a = redis.call('HMGET', P .. 'agent:' .. id, 'status', 'capacity', 'last')
    if a[1] == 'online' and not inGrace(id) then
      local load = redis.call('SCARD', P .. 'agent-chats:' .. id)
      local last = tonumber(a[3]) or 0
      if load < tonumber(a[2]) then
        local better
        if not best then better = true
        elseif strategy == 'least-busy' and load ~= bestLoad then better = load < bestLoad
        elseif last ~= bestLast then better = last < bestLast
        else better = lessBytes(id, best) end
        if better then best, bestLoad, bestLast = id, load, last end
      end
    end
  end
  return best
end
local bestId, bestScore, bestSkill, bestAgent
for _, skill in ipairs(redis.call('SMEMBERS', P .. 'skills')) do
  local head = redis.call('ZRANGE', P .. 'queue:' .. skill, 0, 0, 'WITHSCORES')
  if #head == 0 then
    redis.call('SREM', P .. 'skills', skill)
  else
    local id, score = head[1], tonumber(head[2])
    if not bestId or score < bestScore or (score == bestScore and lessBytes(id, bestId)) then
      local agent = pickAgent(skill)
      if agent then bestId, bestScore, bestSkill, bestAgent = id, score, skill, agent end
    end
  end
end
if not bestId then return false end
assign(bestId, bestSkill, bestAgent)
return { bestId, bestAgent }`),

  /** ARGV: prefix, conversationId, agentId */
  claim: script(`
local id, agentId = ARGV[2], ARGV[3]
local chat = redis.call('HMGET', P .. 'chat:' .. id, 'skill', 'agent')
if not chat[1] then return 'not-queued' end
if chat[2] == agentId then return 'ok' end
if chat[2] ~= '' then return 'taken' end
local a = redis.call('HMGET', P .. 'agent:' .. agentId, 'status', 'capacity')
if not a[1] or a[1] == 'offline' or inGrace(agentId) then return 'agent-unavailable' end
if redis.call('SISMEMBER', P .. 'skill-agents:' .. chat[1], agentId) == 0 then return 'lacks-skill' end
if redis.call('SCARD', P .. 'agent-chats:' .. agentId) >= tonumber(a[2]) then return 'at-capacity' end
assign(id, chat[1], agentId)
return 'ok'`),

  /** ARGV: prefix, conversationId, fromAgentId, toAgentId */
  move: script(`
local id, from, to = ARGV[2], ARGV[3], ARGV[4]
local chat = redis.call('HMGET', P .. 'chat:' .. id, 'skill', 'agent')
if not chat[1] then return 'not-queued' end
if chat[2] ~= from then return 'taken' end
if from == to then return 'ok' end
local a = redis.call('HMGET', P .. 'agent:' .. to, 'status', 'capacity')
if not a[1] or a[1] == 'offline' or inGrace(to) then return 'agent-unavailable' end
if redis.call('SISMEMBER', P .. 'skill-agents:' .. chat[1], to) == 0 then return 'lacks-skill' end
if redis.call('SCARD', P .. 'agent-chats:' .. to) >= tonumber(a[2]) then return 'at-capacity' end
redis.call('SREM', P .. 'agent-chats:' .. from, id)
assign(id, chat[1], to)
return 'ok'`),

  /** ARGV: prefix, conversationId, agentId */
  release: script(`
if redis.call('HGET', P .. 'chat:' .. ARGV[2], 'agent') ~= ARGV[3] then return 0 end
redis.call('DEL', P .. 'chat:' .. ARGV[2])
redis.call('SREM', P .. 'agent-chats:' .. ARGV[3], ARGV[2])
return 1`),

  /** ARGV: prefix. Returns skill, length, oldest enqueuedAt for each skill. */
  queueSnapshot: script(`
local out = {}
for _, skill in ipairs(redis.call('SMEMBERS', P .. 'skills')) do
  local oldest = redis.call('ZRANGE', P .. 'queue-age:' .. skill, 0, 0, 'WITHSCORES')
  if #oldest > 0 then
    table.insert(out, skill)
    table.insert(out, redis.call('ZCARD', P .. 'queue:' .. skill))
    table.insert(out, oldest[2])
  end
end
return out`),

  /** ARGV: prefix, skill ('' = all), limit >= 1. Returns id, skill, priority, at per chat. */
  listQueue: script(`
local skills = ARGV[2] ~= '' and { ARGV[2] } or redis.call('SMEMBERS', P .. 'skills')
local out = {}
for _, skill in ipairs(skills) do
  for _, id in ipairs(redis.call('ZRANGE', P .. 'queue:' .. skill, 0, tonumber(ARGV[3]) - 1)) do
    local c = redis.call('HMGET', P .. 'chat:' .. id, 'priority', 'at')
    table.insert(out, id) table.insert(out, skill) table.insert(out, c[1]) table.insert(out, c[2])
  end
end
return out`),

  /** ARGV: prefix, agentId, deadline */
  agentDisconnected: script(`
if redis.call('EXISTS', P .. 'agent:' .. ARGV[2]) == 1 then
  redis.call('HSET', P .. 'agent:' .. ARGV[2], 'status', 'offline')
end
redis.call('ZADD', P .. 'grace', 'NX', ARGV[3], ARGV[2])
return redis.call('SMEMBERS', P .. 'agent-chats:' .. ARGV[2])`),

  /** ARGV: prefix, agentId, status */
  agentReconnected: script(`
redis.call('ZREM', P .. 'grace', ARGV[2])
if redis.call('EXISTS', P .. 'agent:' .. ARGV[2]) == 1 then
  redis.call('HSET', P .. 'agent:' .. ARGV[2], 'status', ARGV[3])
end
return redis.call('SMEMBERS', P .. 'agent-chats:' .. ARGV[2])`),

  /** ARGV: prefix, now, grace-return priority. Returns id, skill, priority, at, agent per chat. */
  expireGrace: script(`
local out = {}
local due = redis.call('ZRANGEBYSCORE', P .. 'grace', '-inf', ARGV[2], 'WITHSCORES')
for i = 1, #due, 2 do
  local agentId, deadline = due[i], tonumber(due[i + 1])
  redis.call('ZREM', P .. 'grace', agentId)
  for _, id in ipairs(redis.call('SMEMBERS', P .. 'agent-chats:' .. agentId)) do
    local c = redis.call('HMGET', P .. 'chat:' .. id, 'skill', 'priority')
    local priority = math.min(MAXP, math.max(tonumber(c[2]), tonumber(ARGV[3])))
    addToQueue(id, c[1], priority, deadline)
    for _, v in ipairs({ id, c[1], fmt(priority), fmt(deadline), agentId }) do table.insert(out, v) end
  end
  redis.call('DEL', P .. 'agent-chats:' .. agentId)
end
return out`),

  /**
   * ARGV: prefix, onlyIfMissing ('1'/'0'), state JSON, SCAN pattern matching every routing key.
   * Wipes and rewrites in one step, so no node ever sees half a rebuilt state.
   */
  rebuild: script(
    `
if ARGV[2] == '1' and redis.call('EXISTS', P .. 'ready') == 1 then return 0 end
local cursor = '0'
repeat
  local page = redis.call('SCAN', cursor, 'MATCH', ARGV[4], 'COUNT', 1000)
  cursor = page[1]
  for _, key in ipairs(page[2]) do redis.call('DEL', key) end
until cursor == '0'
local state = cjson.decode(ARGV[3])
for _, a in ipairs(state.agents) do writeAgent(a[1], a[2], a[3], a[4]) end
for _, c in ipairs(state.queued) do addToQueue(c[1], c[2], c[3], c[4]) end
for _, c in ipairs(state.assignments) do
  redis.call('HSET', P .. 'chat:' .. c[1], 'skill', c[3], 'priority', fmt(c[4]), 'at', '0', 'agent', c[2])
  redis.call('SADD', P .. 'agent-chats:' .. c[2], c[1])
end
redis.call('SET', P .. 'ready', '1')
return 1`,
    false,
  ),
};

export type RoutingScriptName = keyof typeof routingScripts;
