/* Initial states for the contact benchmark, and the fingerprint of a final state. */
#include <math.h>
#include <string.h>

#include "contact.h"

enum { CONTACT_CELL_MARGIN = 4 };
static const double kCellSize = 1.25; /* contact.mlir's %cell_size */
static const double kCalmSpacing = 1.05, kCrowdedSpacing = 0.75, kJitter = 0.02;
static const double kSpeed = 0.3;

contact_layout_t contact_layout(int64_t bodies) {
  contact_layout_t layout = {.bodies = bodies};
  layout.columns = (int64_t)ceil(sqrt((double)bodies));
  if (layout.columns < 1) layout.columns = 1;
  layout.rows = (bodies + layout.columns - 1) / layout.columns;
  /* The calm lattice is the wider; bodies that leave the grid are clamped into its edge
   * cells, which is correct, only slower. */
  double width = kCalmSpacing * (double)layout.columns, height = kCalmSpacing * (double)layout.rows;
  layout.cells_x = (int64_t)ceil(width / kCellSize) + CONTACT_CELL_MARGIN;
  layout.cells_y = (int64_t)ceil(height / kCellSize) + CONTACT_CELL_MARGIN;
  return layout;
}

/* xorshift64*: small, fast and the same everywhere. */
static double next_uniform(uint64_t *state) {
  *state ^= *state >> 12;
  *state ^= *state << 25;
  *state ^= *state >> 27;
  uint64_t bits = *state * 0x2545F4914F6CDD1DULL;
  return (double)(bits >> 11) * (1.0 / 9007199254740992.0) * 2.0 - 1.0; /* [-1, 1) */
}

void contact_state_generate(const contact_layout_t *layout, bool crowded,
                            double crowded_fraction, uint64_t seed, double *x, double *v) {
  uint64_t random = seed * 0x9E3779B97F4A7C15ULL + 1;
  int64_t crowded_rows = crowded ? (int64_t)((double)layout->rows * crowded_fraction) : 0;
  /* Leaves a margin of a cell or two on the low side so that the packed band, which the
   * step pushes apart, stays mostly inside the grid. */
  double origin = 2.0 * kCellSize;
  for (int64_t i = 0; i < layout->bodies; ++i) {
    int64_t row = i / layout->columns, column = i % layout->columns;
    double spacing = row < crowded_rows ? kCrowdedSpacing : kCalmSpacing;
    double y = row < crowded_rows
                   ? kCrowdedSpacing * (double)row
                   : kCrowdedSpacing * (double)crowded_rows +
                         kCalmSpacing * (double)(row - crowded_rows);
    x[2 * i] = origin + spacing * (double)column + kJitter * next_uniform(&random);
    x[2 * i + 1] = origin + y + kJitter * next_uniform(&random);
    v[2 * i] = kSpeed * next_uniform(&random);
    v[2 * i + 1] = kSpeed * next_uniform(&random);
  }
}

uint64_t contact_state_hash(const double *values, int64_t count, uint64_t hash) {
  for (int64_t i = 0; i < count; ++i) {
    uint64_t bits;
    memcpy(&bits, &values[i], sizeof bits);
    for (int byte = 0; byte < 8; ++byte) {
      hash ^= (bits >> (8 * byte)) & 0xff;
      hash *= 0x100000001b3ULL;
    }
  }
  return hash;
}
