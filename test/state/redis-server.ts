/** The private redis-server helper for tests (the same code the benchmarks use). */
export { findRedisServer, freePort, pingRedis, type RedisServer, startRedis } from '../../bench/redis-server.js';
