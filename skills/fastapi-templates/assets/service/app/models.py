"""Every table model, imported in one place so Base.metadata is complete.

Alembic's env.py and the test fixtures import Base from here. Add each new feature's
models module below.
"""

from app.auth.models import User
from app.db import Base
from app.items.models import Item

__all__ = ["Base", "Item", "User"]
