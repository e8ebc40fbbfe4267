"""Entry point of the frozen app: the same as `python -m ramdesk`."""

import sys

from ramdesk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
