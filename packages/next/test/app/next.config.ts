import type { NextConfig } from "next";

// The binding's source is compiled into this app (the tests run this build).
const config: NextConfig = {
  poweredByHeader: false,
};

export default config;
