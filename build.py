#!/usr/bin/env python3
"""Entry point: `python build.py …` is the same program as the `site-builder` console script."""

import sys

from site_builder.cli import main

if __name__ == "__main__":
    sys.exit(main())
