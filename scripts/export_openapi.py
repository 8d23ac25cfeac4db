"""Write the gateway's OpenAPI spec (the one public API) to a file, for SDK and front-end client generation."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from gateway.main import create_app


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "var/openapi.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(create_app().openapi(), indent=2, ensure_ascii=False) + "\n")
    print(out)


if __name__ == "__main__":
    main()
