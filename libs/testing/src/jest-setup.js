// Runs before every test file: decorator metadata for type-graphql and MikroORM.
require('reflect-metadata');
