"""cpx.aar"""
