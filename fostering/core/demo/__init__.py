"""The deterministic demo data generator.

``manage.py generate_demo --scale small|regional|national --seed N`` builds a realistic,
entirely fictional data set calibrated to the published figures (DESIGN.md §3). Each app
contributes its own part in a ``demo.py`` module with ``contribute(ctx)``; the order is
:data:`CONTRIBUTORS`. Each contributor draws from its own random stream derived from the
seed and its name, so adding a contributor never changes what the others generate.
"""

from .context import CONTRIBUTORS, DemoContext, generate, reset_demo_data
from .scales import SCALES, Scale

__all__ = ["CONTRIBUTORS", "DemoContext", "SCALES", "Scale", "generate", "reset_demo_data"]
