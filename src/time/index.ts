export * from './units.js';
export * from './clock.js';
export * from './duration.js';
export * from './maxGap.js';
export * from './instant.js';
export * from './parseTime.js';
export * from './zone.js';
export * from './format.js';
