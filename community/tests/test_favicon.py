from django.contrib.staticfiles import finders
from django.urls import reverse


def test_the_site_has_an_icon_for_the_browser_tab_where_browsers_look_for_it(client, db):
    home = client.get(reverse("community:home")).text
    assert 'rel="icon"' in home and "favicon.svg" in home
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    path = response["Location"].split("/static/", 1)[1]
    icon = finders.find(path)
    assert icon and open(icon, "rb").read(4) == b"\x00\x00\x01\x00"  # an ICO file


def test_every_icon_the_page_links_and_favicon_ico_are_served_not_404(live_server):
    import re
    from urllib.request import urlopen

    home = urlopen(live_server.url + "/").read().decode()
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', home)
    assert len(icons) == 2
    for path in [*icons, "/favicon.ico"]:
        with urlopen(live_server.url + path) as response:  # urlopen raises on a 404
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("image/")
            assert response.read()
