export { findFreePort } from '../../server/embedded-mongo/spawn';
