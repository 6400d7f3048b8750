"""The one way the desk writes a moment: in the newsroom's zone, with the zone named."""

from django.utils import dateformat, timezone
from django.utils.html import format_html

MOMENT = "Y-m-d H:i T"  # 2012-07-09 08:52 CEST
TIME_OF_DAY = "H:i"  # 08:52, for notices about the last few minutes


def staff_time(value, *, time_of_day=False):
    local = timezone.localtime(value)
    return dateformat.format(local, TIME_OF_DAY if time_of_day else MOMENT)


def staff_time_element(value, *, time_of_day=False):
    """staff_time() in a <time> element (seconds precision, as HTML allows)."""
    machine = timezone.localtime(value).replace(microsecond=0).isoformat()
    return format_html(
        '<time datetime="{}">{}</time>', machine, staff_time(value, time_of_day=time_of_day)
    )
