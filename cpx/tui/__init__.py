"""cpx.tui"""
