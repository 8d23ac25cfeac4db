import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { HashRouter } from "react-router";
import "./i18n";
import "./styles.css";
import { App } from "./App";
import { queryClient } from "./queries";

// Hash routing: the gateway serves dist/ as static files, so every deep link (#/voice) loads index.html.
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <HashRouter>
        <App />
      </HashRouter>
    </QueryClientProvider>
  </StrictMode>,
);
