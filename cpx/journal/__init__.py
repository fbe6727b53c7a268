"""cpx.journal"""
