"""The quarterly scorecard (department.md D6): pure, typed Python, no Django, like the policy
engine. A salesperson's facts for a quarter in, a scorecard out."""
