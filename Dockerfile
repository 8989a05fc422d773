# One image for every Python service (router, subgraphs, registry); compose.yaml picks the command.
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY requirements.lock pyproject.toml ./
RUN pip install --no-cache-dir uv==0.13.8 && uv pip sync --system --no-cache requirements.lock
COPY . .
RUN uv pip install --system --no-cache --no-deps -e .
