// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// A small path tracer in 1e18 fixed point (int256): six spheres (one of them a light), Lambertian
/// bounces, a sky gradient, `spp` jittered samples per pixel and up to `depth` bounces per sample,
/// driven by a xorshift64 generator. Pure computation: the scene, the ray and the path accumulator
/// are memory structs allocated once per render (no storage), so repeated runs cost the same gas
/// and memory stays small. Checked arithmetic (Solidity >= 0.8) is left on, as in ordinary code.
contract RayTracer {
    int256 internal constant ONE = 1e18;
    int256 internal constant EPS = 1e15; // 0.001: self-intersection guard
    int256 internal constant FAR = type(int256).max;

    struct Sphere {
        int256 cx;
        int256 cy;
        int256 cz;
        int256 r;
        int256 cr;
        int256 cg;
        int256 cb;
        int256 emission;
    }

    struct Ray {
        int256 ox;
        int256 oy;
        int256 oz;
        int256 dx;
        int256 dy;
        int256 dz;
    }

    struct Path {
        int256 tr;
        int256 tg;
        int256 tb;
        int256 lr;
        int256 lg;
        int256 lb;
        int256 sumR;
        int256 sumG;
        int256 sumB;
        uint64 rng;
    }

    struct Config {
        uint256 width;
        uint256 height;
        uint256 spp;
        uint256 depth;
    }

    /// Renders width x height pixels. Returns keccak256 of the RGB8 image (row-major) and the sum
    /// of all channel bytes.
    function render(uint256 width, uint256 height, uint256 spp, uint256 depth)
        external
        pure
        returns (bytes32 imageHash, uint256 checksum)
    {
        return _render(Config(width, height, spp, depth));
    }

    function _render(Config memory cfg) internal pure returns (bytes32 imageHash, uint256 checksum) {
        Sphere[] memory scene = _scene();
        Ray memory ray;
        Path memory path;
        path.rng = 0x2545F4914F6CDD1D;
        bytes memory image = new bytes(cfg.width * cfg.height * 3);
        uint256 k;
        for (uint256 y; y < cfg.height; ++y) {
            for (uint256 x; x < cfg.width; ++x) {
                _pixel(cfg, scene, ray, path, x, y);
                int256 n = int256(cfg.spp);
                uint8 r = _toByte(path.sumR / n);
                uint8 g = _toByte(path.sumG / n);
                uint8 b = _toByte(path.sumB / n);
                image[k++] = bytes1(r);
                image[k++] = bytes1(g);
                image[k++] = bytes1(b);
                checksum += uint256(r) + g + b;
            }
        }
        imageHash = keccak256(image);
    }

    function _scene() internal pure returns (Sphere[] memory s) {
        s = new Sphere[](6);
        s[0] = Sphere(0, -100.5e18, 1e18, 100e18, 0.8e18, 0.8e18, 0.1e18, 0); // ground
        s[1] = Sphere(0, 0, 1e18, 0.5e18, 0.7e18, 0.3e18, 0.3e18, 0); // centre
        s[2] = Sphere(-1.05e18, 0, 1.1e18, 0.5e18, 0.8e18, 0.8e18, 0.8e18, 0); // left
        s[3] = Sphere(1.05e18, 0, 1.1e18, 0.5e18, 0.8e18, 0.6e18, 0.2e18, 0); // right
        s[4] = Sphere(0.35e18, -0.35e18, 0.4e18, 0.15e18, 0.2e18, 0.4e18, 0.9e18, 0); // small
        s[5] = Sphere(0, 2.2e18, 0.8e18, 0.8e18, 1e18, 0.95e18, 0.85e18, 4e18); // light
    }

    /// Sums `spp` samples for pixel (x, y) into path.sumR/G/B.
    function _pixel(
        Config memory cfg,
        Sphere[] memory scene,
        Ray memory ray,
        Path memory path,
        uint256 x,
        uint256 y
    ) internal pure {
        path.sumR = 0;
        path.sumG = 0;
        path.sumB = 0;
        for (uint256 s; s < cfg.spp; ++s) {
            _cameraRay(cfg, ray, path, x, y);
            _trace(scene, ray, path, cfg.depth);
            path.sumR += path.lr;
            path.sumG += path.lg;
            path.sumB += path.lb;
        }
    }

    /// Clamps to [0, 1], applies gamma 2 (square root) and scales to 0..255.
    function _toByte(int256 v) internal pure returns (uint8) {
        if (v <= 0) return 0;
        if (v >= ONE) return 255;
        return uint8((_sqrt(uint256(v) * 1e18) * 255) / 1e18);
    }

    function _cameraRay(Config memory cfg, Ray memory ray, Path memory path, uint256 x, uint256 y)
        internal
        pure
    {
        int256 w = int256(cfg.width);
        int256 h = int256(cfg.height);
        int256 u = (((int256(x) * ONE + _rand(path)) * 2) / w - ONE) * w / h;
        int256 v = ONE - ((int256(y) * ONE + _rand(path)) * 2) / h;
        ray.ox = 0;
        ray.oy = 0.1e18;
        ray.oz = -1.2e18;
        (ray.dx, ray.dy, ray.dz) = _normalize(u, v, 1.3e18);
    }

    function _trace(Sphere[] memory scene, Ray memory ray, Path memory path, uint256 depth) internal pure {
        path.tr = ONE;
        path.tg = ONE;
        path.tb = ONE;
        path.lr = 0;
        path.lg = 0;
        path.lb = 0;
        for (uint256 d; d < depth; ++d) {
            (uint256 hit, int256 t) = _nearest(scene, ray);
            if (t == FAR) {
                // Sky: white at the horizon to light blue overhead, dimmed.
                int256 k = (ray.dy + ONE) / 2;
                path.lr += (path.tr * (ONE - k / 2)) / 2e18;
                path.lg += (path.tg * (ONE - (k * 3) / 10)) / 2e18;
                path.lb += path.tb / 2;
                return;
            }
            Sphere memory s = scene[hit];
            ray.ox += (ray.dx * t) / ONE;
            ray.oy += (ray.dy * t) / ONE;
            ray.oz += (ray.dz * t) / ONE;
            if (s.emission != 0) {
                path.lr += (((path.tr * s.cr) / ONE) * s.emission) / ONE;
                path.lg += (((path.tg * s.cg) / ONE) * s.emission) / ONE;
                path.lb += (((path.tb * s.cb) / ONE) * s.emission) / ONE;
                return;
            }
            path.tr = (path.tr * s.cr) / ONE;
            path.tg = (path.tg * s.cg) / ONE;
            path.tb = (path.tb * s.cb) / ONE;
            _bounce(s, ray, path);
        }
    }

    /// Lambertian scatter: new direction = normalize(surface normal + random unit vector).
    function _bounce(Sphere memory s, Ray memory ray, Path memory path) internal pure {
        int256 nx = ((ray.ox - s.cx) * ONE) / s.r;
        int256 ny = ((ray.oy - s.cy) * ONE) / s.r;
        int256 nz = ((ray.oz - s.cz) * ONE) / s.r;
        (int256 rx, int256 ry, int256 rz) = _randomUnit(path);
        (ray.dx, ray.dy, ray.dz) = _normalize(nx + rx, ny + ry, nz + rz);
    }

    function _nearest(Sphere[] memory scene, Ray memory ray) internal pure returns (uint256 hit, int256 best) {
        best = FAR;
        uint256 n = scene.length;
        for (uint256 i; i < n; ++i) {
            int256 t = _hitSphere(scene[i], ray);
            if (t > 0 && t < best) {
                best = t;
                hit = i;
            }
        }
    }

    /// Distance along the (unit) ray to the sphere, or 0 for a miss.
    function _hitSphere(Sphere memory s, Ray memory ray) internal pure returns (int256) {
        int256 ocx = ray.ox - s.cx;
        int256 ocy = ray.oy - s.cy;
        int256 ocz = ray.oz - s.cz;
        int256 b = (ocx * ray.dx + ocy * ray.dy + ocz * ray.dz) / ONE;
        int256 c = (ocx * ocx + ocy * ocy + ocz * ocz - s.r * s.r) / ONE;
        int256 disc = (b * b) / ONE - c;
        if (disc < 0) return 0;
        int256 sq = int256(_sqrt(uint256(disc) * 1e18));
        int256 t = -b - sq;
        if (t > EPS) return t;
        t = -b + sq;
        return t > EPS ? t : int256(0);
    }

    function _randomUnit(Path memory path) internal pure returns (int256, int256, int256) {
        for (;;) {
            int256 x = 2 * _rand(path) - ONE;
            int256 y = 2 * _rand(path) - ONE;
            int256 z = 2 * _rand(path) - ONE;
            int256 l2 = (x * x + y * y + z * z) / ONE;
            if (l2 > 1e16 && l2 < ONE) return _normalize(x, y, z);
        }
    }

    function _normalize(int256 x, int256 y, int256 z) internal pure returns (int256, int256, int256) {
        int256 len = int256(_sqrt(uint256(x * x + y * y + z * z)));
        if (len == 0) return (0, ONE, 0);
        return ((x * ONE) / len, (y * ONE) / len, (z * ONE) / len);
    }

    /// xorshift64; returns a value in [0, 1e18).
    function _rand(Path memory path) internal pure returns (int256) {
        uint64 s = path.rng;
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        path.rng = s;
        return int256(uint256(s) % 1e18);
    }

    /// floor(sqrt(a)): bit-length initial estimate, then Newton iterations.
    function _sqrt(uint256 a) internal pure returns (uint256) {
        unchecked {
            if (a <= 1) return a;
            uint256 aa = a;
            uint256 xn = 1;
            if (aa >= (1 << 128)) {
                aa >>= 128;
                xn <<= 64;
            }
            if (aa >= (1 << 64)) {
                aa >>= 64;
                xn <<= 32;
            }
            if (aa >= (1 << 32)) {
                aa >>= 32;
                xn <<= 16;
            }
            if (aa >= (1 << 16)) {
                aa >>= 16;
                xn <<= 8;
            }
            if (aa >= (1 << 8)) {
                aa >>= 8;
                xn <<= 4;
            }
            if (aa >= (1 << 4)) {
                aa >>= 4;
                xn <<= 2;
            }
            if (aa >= (1 << 2)) {
                xn <<= 1;
            }
            xn = (3 * xn) >> 1;
            xn = (xn + a / xn) >> 1;
            xn = (xn + a / xn) >> 1;
            xn = (xn + a / xn) >> 1;
            xn = (xn + a / xn) >> 1;
            xn = (xn + a / xn) >> 1;
            xn = (xn + a / xn) >> 1;
            return xn - (xn > a / xn ? 1 : 0);
        }
    }
}
