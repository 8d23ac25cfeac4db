import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { HashRouter } from "react-router";
import "./i18n";
import "./styles.css";
import { App } from "./App";

// Hash routing: the gateway serves dist/ as static files, so every deep link (#/voice) loads index.html.
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <HashRouter>
      <App />
    </HashRouter>
  </StrictMode>,
);
