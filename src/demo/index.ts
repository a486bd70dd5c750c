export { demoToday, seedDemo } from './seed.js';
export { generateDemo, demoShape } from './generator.js';
export { DEMO_CITY } from './city/index.js';
