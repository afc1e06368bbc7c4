import { CorpusError } from '@corpus/core'
import { Redis, type RedisOptions } from 'ioredis'

/** Where the queue lives: the Redis server, the queue name and the key prefix. */
export interface QueueTarget {
  /** `redis://` or `rediss://` URL as given (may carry a password and a database number). */
  readonly url: string
  /** The URL without its password, for messages. */
  readonly display: string
  /** BullMQ queue name shared by the submitter and its workers. */
  readonly queueName: string
  /** BullMQ key prefix. */
  readonly prefix: string
}

/** The queue name used when `--queue-name` is not given. */
const DEFAULT_QUEUE_NAME = 'corpus'
/** The key prefix of every queue key in Redis. */
const DEFAULT_PREFIX = 'corpus'

/** Oldest Redis BullMQ runs on. */
const MIN_REDIS_VERSION = [5, 0, 0] as const

const QUEUE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/

/** Check `--queue <url>` and `--queue-name`, naming the bad value; a bad one is a config error. */
export function parseQueueTarget(url: string, queueName = DEFAULT_QUEUE_NAME, prefix = DEFAULT_PREFIX): QueueTarget {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch (error) {
    throw new CorpusError('E_CONFIG', `--queue must be a redis://HOST:PORT URL, got "${url}"`, { cause: error })
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new CorpusError('E_CONFIG', `--queue must be a redis:// or rediss:// URL, got "${url}"`)
  }
  if (!parsed.hostname) throw new CorpusError('E_CONFIG', `--queue needs a host (redis://HOST:PORT), got "${url}"`)
  if (!QUEUE_NAME.test(queueName)) {
    throw new CorpusError('E_CONFIG', `--queue-name must be letters, digits, "_", "." or "-" (at most 100), got "${queueName}"`)
  }
  const display = new URL(url)
  if (display.password) display.password = '***'
  return { url, display: display.toString().replace(/\/$/, ''), queueName, prefix }
}

/** What the start-up check learned about the server. */
export interface RedisInfo {
  readonly version: string
  readonly maxmemoryPolicy: string | undefined
}

const versionAtLeast = (version: string, min: readonly number[]): boolean => {
  const parts = version.split('.').map((p) => Number.parseInt(p, 10))
  for (let i = 0; i < min.length; i++) {
    const a = parts[i] ?? 0
    const b = min[i] ?? 0
    if (a !== b) return a > b
  }
  return true
}

/** One line for a connection error (ioredis errors may carry an AggregateError with a list). */
export function describeRedisError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeRedisError(error.errors[0])
  const e = error as NodeJS.ErrnoException
  const message = (e?.message ?? String(error)).split('\n')[0] ?? ''
  return e?.code && !message.includes(e.code) ? `${e.code} ${message}` : message
}

/**
 * Connect once, with a short timeout and no retry, and check the server: a connection error is a
 * one-line `E_QUEUE` error; a Redis older than 5.0 is refused; a `maxmemory-policy` other than
 * `noeviction` is returned so the caller can warn (Redis would evict queue keys under memory
 * pressure and lose jobs).
 */
export async function checkRedis(target: QueueTarget, connectTimeoutMs = 5000): Promise<RedisInfo> {
  let lastError: unknown
  const client = new Redis(target.url, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  })
  client.on('error', (error: unknown) => {
    lastError = error
  })
  try {
    await client.connect()
    const info = await client.info()
    const field = (name: string): string | undefined => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim()
    const version = field('redis_version') ?? field('valkey_version') ?? '0'
    if (!versionAtLeast(version, MIN_REDIS_VERSION)) {
      throw new CorpusError('E_QUEUE', `Redis at ${target.display} is version ${version}; BullMQ needs ${MIN_REDIS_VERSION.join('.')} or later`)
    }
    return { version, maxmemoryPolicy: field('maxmemory_policy') }
  } catch (error) {
    if (error instanceof CorpusError) throw error
    throw new CorpusError('E_QUEUE', `cannot connect to Redis at ${target.display}: ${describeRedisError(lastError ?? error)}`, { cause: error })
  } finally {
    client.disconnect()
  }
}

/** The warning for a server that may evict keys, or undefined when the policy is `noeviction`. */
export function evictionWarning(target: QueueTarget, info: RedisInfo): string | undefined {
  if (info.maxmemoryPolicy === undefined || info.maxmemoryPolicy === 'noeviction') return undefined
  return `warning: Redis at ${target.display} has maxmemory-policy "${info.maxmemoryPolicy}"; BullMQ needs "noeviction" (an evicted job key loses a shard). Run: redis-cli CONFIG SET maxmemory-policy noeviction`
}

/**
 * A connection for BullMQ (BullMQ 6 takes the ioredis instance; ioredis must be installed beside
 * it). `role` decides how hard it tries: a worker reconnects for as long as it runs (a Redis
 * restart must not stop a fleet); the submitter gives up after about 15 s and fails with one line.
 */
export function createConnection(target: QueueTarget, role: 'worker' | 'submitter', onError: (error: unknown) => void): Redis {
  const options: RedisOptions = {
    connectTimeout: 5000,
    // Commands wait while the client reconnects (blocking commands of workers need this); for the
    // submitter, they fail when its retry strategy gives up.
    maxRetriesPerRequest: null,
    retryStrategy: role === 'worker' ? (times) => Math.min(times * 500, 5000) : (times) => (times > 12 ? null : Math.min(times * 250, 2000)),
  }
  const client = new Redis(target.url, options)
  client.on('error', onError)
  return client
}
