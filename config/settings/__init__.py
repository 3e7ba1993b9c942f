"""Settings split by environment: base (shared), local (demo/dev), test, production."""
