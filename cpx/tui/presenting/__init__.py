"""The presenter's parts, one per panel: feed, boards, region, debrief."""
