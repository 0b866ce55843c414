"""Offline stand-in for the get-pip.py bootstrap script that ansible-test downloads.

ansible-test creates every virtual environment without pip and then runs
~/.ansible/test/cache/get_pip_<version>.py (downloaded from a host this project cannot reach)
as ``python get_pip.py --disable-pip-version-check pip==<version> --no-setuptools --no-wheel``.
noxfile.py copies this file there. It installs pip from the wheel bundled with the
interpreter (ensurepip/_bundled, no network), then lets that pip install the requested
packages (pip==<version>) from the package index.
"""

import glob
import os
import subprocess
import sys


def bundled_pip_wheel():
    """Return the path of the newest pip wheel that ships with this interpreter."""
    import ensurepip  # pylint: disable=import-outside-toplevel

    patterns = [
        os.path.join(os.path.dirname(ensurepip.__file__), '_bundled', 'pip-*.whl'),
        '/usr/share/python-wheels/pip-*.whl',  # Debian moves ensurepip's wheels here
    ]
    for pattern in patterns:
        wheels = sorted(glob.glob(pattern), key=wheel_version)
        if wheels:
            return wheels[-1]
    sys.exit('get_pip stand-in: no bundled pip wheel found (%s)' % ', '.join(patterns))


def wheel_version(path):
    """Sort key: the version tuple of a pip-X.Y.Z-py3-none-any.whl file name."""
    version = os.path.basename(path).split('-')[1]
    return tuple(int(part) if part.isdigit() else 0 for part in version.split('.'))


def main():
    """Install the bundled pip, then the packages ansible-test asked for."""
    # get-pip.py options that pip install does not know
    args = [arg for arg in sys.argv[1:] if arg not in ('--no-setuptools', '--no-wheel')]
    wheel = bundled_pip_wheel()
    # pip runs from its own wheel: https://pip.pypa.io/en/stable/installation/ (ensurepip)
    subprocess.check_call([sys.executable, os.path.join(wheel, 'pip'), 'install', '--quiet',
                           '--no-index', '--disable-pip-version-check', wheel])
    subprocess.check_call([sys.executable, '-m', 'pip', 'install', '--quiet'] + args)


if __name__ == '__main__':
    main()
