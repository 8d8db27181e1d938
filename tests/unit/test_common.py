"""The id and key layout every other part relies on."""

from backend.common import config, ids, layout


def test_ids_are_unique_valid_and_time_ordered():
    earlier = [ids.new_id(now_ms=1_700_000_000_000 + i) for i in range(50)]
    assert len(set(earlier)) == 50
    assert all(ids.is_valid(i) for i in earlier)
    assert earlier == sorted(earlier)


def test_ids_carry_80_random_bits():
    same_ms = {ids.new_id(now_ms=1_700_000_000_000) for _ in range(1000)}
    assert len(same_ms) == 1000
    assert len({i[10:] for i in same_ms}) == 1000


def test_created_at_round_trips_the_timestamp():
    assert ids.created_at(ids.new_id(now_ms=1_700_000_000_123)) == "2023-11-14T22:13:20.123Z"


def test_invert_reverses_sort_order_and_is_its_own_inverse():
    sample = sorted(ids.new_id(now_ms=1_700_000_000_000 + i * 7) for i in range(100))
    inverted = [ids.invert(i) for i in sample]
    assert inverted == sorted(inverted, reverse=True)
    assert [ids.invert(i) for i in inverted] == sample


def test_invalid_ids_are_refused():
    for bad in ["", "../etc/passwd", "0" * 25, "0" * 27, "U" * 26, "01M8G5K1BG4JPFZ1Z8VMQF24S8"]:
        assert not ids.is_valid(bad)


def test_keys_are_server_made_from_the_id_and_type():
    image_id = ids.new_id()
    assert layout.input_key(image_id, "image/jpeg") == f"input/{image_id}.jpg"
    assert layout.id_from_input_key(f"input/{image_id}.heic") == image_id
    assert layout.id_from_input_key(f"other/{image_id}.jpg") is None
    assert layout.id_from_input_key("input/../../etc/passwd") is None
    assert layout.id_from_index_key(layout.index_key(image_id)) == image_id
    assert set(layout.output_keys(image_id)) == {
        f"thumbnails/{image_id}.webp",
        f"large/{image_id}.webp",
        f"meta/{image_id}.json",
        layout.index_key(image_id),
    }


def test_settings_defaults_and_caps():
    settings = config.load({"UPLOAD_BUCKET": "u", "OUTPUT_BUCKET": "o", "UPLOAD_URL_EXPIRES": "86400"})
    assert settings.upload_url_expires == 900
    assert settings.max_upload_bytes == 50 * 1024 * 1024
    assert settings.output_access == "presigned"
    assert settings.s3_endpoint_url is None
