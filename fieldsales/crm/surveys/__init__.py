"""Customer satisfaction surveys: per visit, per service request, per quarter."""
