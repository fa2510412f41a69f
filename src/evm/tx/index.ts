// Ethereum transactions (Cancun): types, codec and signatures, intrinsic gas, validity.
export * from './codec.js';
export * from './errors.js';
export * from './intrinsic.js';
export * from './types.js';
export * from './validate.js';
