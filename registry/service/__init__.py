"""The registry's HTTP service: the FastAPI app factory, Bearer-token access and coded JSON errors."""
