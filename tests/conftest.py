"""The tests read English output unless they ask for Swedish (`--lang sv`, `using("sv")`), whatever
the locale of the machine that runs them."""

import os

os.environ["LC_ALL"] = "C.UTF-8"
