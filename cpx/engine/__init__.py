"""cpx.engine"""
