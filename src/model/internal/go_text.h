#ifndef TOCSIN_MODEL_INTERNAL_GO_TEXT_H_
#define TOCSIN_MODEL_INTERNAL_GO_TEXT_H_

// The matcher parsers use base/go_text.h's Go text primitives under the
// names they were written with.

#include "base/go_text.h"

namespace tocsin::model::internal {

using gotext::AppendRune;
using gotext::DecodeRune;
using gotext::GoUnquoteDouble;
using gotext::IsGoSpace;
using gotext::kRuneError;

}  // namespace tocsin::model::internal

#endif  // TOCSIN_MODEL_INTERNAL_GO_TEXT_H_
