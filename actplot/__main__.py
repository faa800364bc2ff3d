"""``python -m actplot``: the same as the ``actplot`` command."""

import sys

from actplot.cli import main

sys.exit(main())
