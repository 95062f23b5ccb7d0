"""Comments, votes, ratings and subscriptions under an article (see the discussion issue)."""
