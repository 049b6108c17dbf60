"""The production settings, with the collected static files kept under bench/work/.

Everything else comes from the environment exactly as in production (bench/run sets it), so
the benchmark measures the configuration the site is deployed with.
"""

from werkplaats.settings.production import *  # noqa: F403
from werkplaats.settings.production import PROJECT_DIR

STATIC_ROOT = PROJECT_DIR / "bench" / "work" / "static"
