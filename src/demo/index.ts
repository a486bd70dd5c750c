export { demoToday, seedDemo } from './seed.js';
export { generateDemo, demoShape } from './generator.js';
export { DEMO_CITY, DEMO_PARTNERS } from './city/index.js';
