"""Hand-written additions to np6_client: vendor-media-type messages, client set-up, errors."""
