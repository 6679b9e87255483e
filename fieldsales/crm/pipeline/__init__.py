"""The development pipeline: opportunities moving through the five stages (五、客户开发与维护)."""
