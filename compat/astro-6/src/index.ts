// The test apps, copied into .apps/, import the adapter as `../../../src/index`: this file, its source.
export * from "../../../packages/adapter-astro/src/index";
