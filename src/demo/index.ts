export { demoToday, seedDemo, type SeedResult } from './seed.js';
export { generateDemo, demoShape, type DemoOptions, type DemoShape } from './generator.js';
export { DEMO_CITY, ILLUSTRATIVE } from './city.js';
