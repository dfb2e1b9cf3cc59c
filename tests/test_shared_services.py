"""The configuration of several app servers, really in use: make test's second leg runs the whole
suite with the cache in a throwaway Redis and uploads in a throwaway S3-compatible bucket
(bin/with_redis.py, bin/with_s3.py). Elsewhere these tests are skipped: there is nothing to prove.

The cache and the storage are looked up in each test, not imported: pytest inspects a module's
names while collecting it, which would open Django's lazy `cache` and `default_storage` before
tests/conftest.py has set the tests' own settings."""

import os
import urllib.error
import urllib.request
import uuid

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from tests.factories import make_attachment, make_release

needs_redis = pytest.mark.skipif(
    not os.environ.get("CACHE_URL", "").startswith("redis"), reason="CACHE_URL names no Redis"
)
needs_s3 = pytest.mark.skipif(not os.environ.get("MEDIA_S3_BUCKET"), reason="MEDIA_S3_BUCKET is not set")


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the throwaway server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


@needs_redis
def test_the_cache_lives_in_redis_through_django_s_own_backend():
    import redis

    cache = caches["default"]
    assert type(cache).__qualname__ == "RedisCache"
    assert type(cache).__module__ == "django.core.cache.backends.redis"
    key, value = f"proof-{uuid.uuid4()}", "stored in Redis"
    cache.set(key, value, 60)
    server = redis.Redis.from_url(os.environ["CACHE_URL"])
    assert server.exists(cache.make_and_validate_key(key)) == 1
    assert server.ttl(cache.make_and_validate_key(key)) > 0
    # Another process (another app server) reads what this one wrote.
    assert cache.get(key) == value
    server.delete(cache.make_and_validate_key(key))
    assert cache.get(key) is None


@needs_redis
def test_the_newsroom_generation_that_keeps_every_page_cache_current_is_in_redis(settings):
    """Every app server's page cache (newsroom/pagecache.py) trusts its pages while this one value stands."""
    import pickle

    import redis

    from newsroom import freshness

    cache = caches["default"]
    freshness._bump_shared()
    server = redis.Redis.from_url(os.environ["CACHE_URL"])
    stored = server.get(cache.make_and_validate_key(freshness.SHARED_KEY))
    assert stored is not None and pickle.loads(stored) == freshness._state.shared  # noqa: S301 - our own value
    # Another app server's change, written straight into Redis, is read at the next check.
    settings.NEWSROOM_PAGE_CACHE_CHECK_SECONDS = 0
    before = freshness.key()
    server.set(cache.make_and_validate_key(freshness.SHARED_KEY), pickle.dumps("another-server@1700000000.0"))
    assert freshness.key() != before and freshness.key().startswith("another-server@")


@needs_s3
def test_stored_files_are_in_the_bucket_behind_signed_urls():
    default_storage = storages["default"]
    endpoint, bucket = os.environ["MEDIA_S3_ENDPOINT_URL"], os.environ["MEDIA_S3_BUCKET"]
    name = default_storage.save(f"proof/{uuid.uuid4()}.txt", ContentFile(b"in the bucket"))
    # A file's URL is the newsroom's own, stable one; only the media view signs one of the bucket.
    assert default_storage.url(name) == f"/media/{name}"
    url = default_storage.signed_url(name, seconds=60, download_name="proof.txt")
    assert url.startswith(f"{endpoint}/{bucket}/{name}?")
    assert fetch(url) == (200, b"in the bucket")
    # The bucket is private: without the signature the file is refused.
    assert fetch(url.split("?")[0])[0] == 403
    default_storage.delete(name)
    assert not default_storage.exists(name)


@needs_s3
@pytest.mark.django_db
def test_an_attachment_of_a_release_is_uploaded_to_the_bucket_and_read_back(client):
    import boto3

    endpoint, bucket = os.environ["MEDIA_S3_ENDPOINT_URL"], os.environ["MEDIA_S3_BUCKET"]
    attachment = make_attachment(make_release())
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name=os.environ["MEDIA_S3_REGION"])
    stored = s3.get_object(Bucket=bucket, Key=attachment.file.name)["Body"].read()
    assert stored.startswith(b"%PDF-1.7") and len(stored) == attachment.size
    # Its URL is ours; the media view redirects to a signed URL of the bucket, which serves it.
    response = client.get(attachment.file.url)
    assert response.status_code == 302 and response["Location"].startswith(f"{endpoint}/{bucket}/")
    assert fetch(response["Location"]) == (200, stored)


@needs_s3
@pytest.mark.django_db
def test_renditions_are_made_in_the_bucket_and_a_draft_s_files_are_refused(client):
    from django.core.files.storage import default_storage

    from newsroom import renditions
    from releases.models import Release
    from tests.factories import image_upload

    release = make_release(featured_image=image_upload("foto.png", size=(700, 400)), featured_image_alt_es="Foto")
    url = f"{release.featured_image.url}.640w.webp"
    response = client.get(url)
    assert response.status_code == 302
    status, content = fetch(response["Location"])
    assert status == 200 and content.startswith(b"RIFF") and b"WEBP" in content[:16]
    assert default_storage.exists(renditions.rendition_name(release.featured_image.name, 640))
    Release.objects.filter(pk=release.pk).update(status=Release.Status.DRAFT)
    assert client.get(url).status_code == 404 and client.get(release.featured_image.url).status_code == 404
