import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The gateway serves the built files at `/`; in `npm run dev` the API is proxied to a running `make run` stack.
export default defineConfig({
  plugins: [react()],
  base: "./",
  build: { outDir: "dist", sourcemap: true },
  server: {
    proxy: { "/api": process.env.TALKFACE_GATEWAY ?? "http://127.0.0.1:8100" },
  },
});
