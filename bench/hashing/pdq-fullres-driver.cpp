// Full-resolution driver over Meta's PDQ C++ reference library (facebook/ThreatExchange pdq/cpp).
// Built by bench/hashing/build-reference.sh into bench/.scratch (never committed).
//   pdq-fullres-driver [--dihedral] FILE...        decode each FILE with CImg (ImageMagick), hash at full resolution
//   pdq-fullres-driver [--dihedral] --raw W H C    read W*H*C bytes (C = 1 grey or 3 RGB) from stdin, hash them
// Output: hash<TAB>quality<TAB>file, one line per input.
#include <pdq/cpp/common/pdqhashtypes.h>
#include <pdq/cpp/downscaling/downscaling.h>
#include <pdq/cpp/hashing/pdqhashing.h>
#include <pdq/cpp/io/pdqio.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace facebook::pdq::hashing;

static bool dihedral = false;
static void hashLuma(float* luma, int rows, int cols, const char* label) {
  std::vector<float> buf2((size_t)rows * cols);
  static float b64[64][64], b16x64[16][64], b16[16][16], aux[16][16];
  Hash256 h, r90, r180, r270, fx, fy, fp, fm;
  int quality = 0;
  if (dihedral) {
    pdqDihedralHash256esFromFloatLuma(luma, buf2.data(), rows, cols, b64, b16x64, b16, aux, &h, &r90, &r180, &r270, &fx, &fy, &fp, &fm, quality);
    printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", h.format().c_str(), r90.format().c_str(), r180.format().c_str(), r270.format().c_str(),
           fx.format().c_str(), fy.format().c_str(), fp.format().c_str(), fm.format().c_str(), quality, label);
    return;
  }
  pdqHash256FromFloatLuma(luma, buf2.data(), rows, cols, b64, b16x64, b16, h, quality);
  printf("%s\t%d\t%s\n", h.format().c_str(), quality, label);
}

int main(int argc, char** argv) {
  if (argc > 1 && !strcmp(argv[1], "--dihedral")) { dihedral = true; argv++; argc--; }
  if (argc >= 5 && !strcmp(argv[1], "--raw")) {
    int w = atoi(argv[2]), hgt = atoi(argv[3]), c = atoi(argv[4]);
    std::vector<uint8_t> px((size_t)w * hgt * c);
    if (fread(px.data(), 1, px.size(), stdin) != px.size()) { fprintf(stderr, "short read\n"); return 1; }
    std::vector<float> luma((size_t)w * hgt);
    if (c == 1) facebook::pdq::downscaling::fillFloatLumaFromGrey(px.data(), hgt, w, w, 1, luma.data());
    else facebook::pdq::downscaling::fillFloatLumaFromRGB(px.data(), px.data() + 1, px.data() + 2, hgt, w, w * c, c, luma.data());
    hashLuma(luma.data(), hgt, w, "-");
    return 0;
  }
  for (int i = 1; i < argc; i++) {
    cimg_library::CImg<uint8_t> img;
    try { img.load(argv[i]); } catch (...) { fprintf(stderr, "cannot load %s\n", argv[i]); continue; }
    int rows = 0, cols = 0;
    float* luma = loadFloatLumaFromCImg(img, rows, cols);
    hashLuma(luma, rows, cols, argv[i]);
    delete[] luma;
  }
  return 0;
}
