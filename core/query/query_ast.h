// The search query language, parsed into a tree.
//
//   words          all must match (implicit AND), ranked BM25
//   "a phrase"     the words in this order (stop words kept)
//   a OR b         either; binds looser than AND
//   a AND b        both (the default between terms)
//   NOT a, -a      without
//   ( ... )        grouping
//   prefix*        any word starting with "prefix"
//   title:word     title:"phrase", title:prefix*, title:(a OR b)
//   source:Reuters source:"Asia Pulse Daily"   exact publisher, any case
//   entity:"Yoon Suk Yeol" entity:person:yoon-suk-yeol   a person, place, organisation
//   lang:en        language
//   published:2019..2023-06   published:2019   published:..2020-03   published:2021..
//
// Operators are upper case; "or" and "not" in lower case are ordinary words.
// A word followed by ':' that is not one of the fields above is an ordinary
// word too ("U.S.: trade" searches for "U.S." and "trade").
#ifndef CHRONICLE_CORE_QUERY_QUERY_AST_H_
#define CHRONICLE_CORE_QUERY_QUERY_AST_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace chronicle::query {

enum class Field {
  kText,       // body and title
  kTitle,      // title only
  kSource,
  kEntity,
  kLanguage,
  kPublished,
};

struct Node {
  enum class Kind {
    kWord,       // `text` is one word as typed (the index's tokenizer splits it further)
    kPhrase,     // `text` is the quoted words
    kPrefix,     // `text` is the part before '*'
    kExact,      // source/entity/lang value in `text`
    kDateRange,  // published: [from, until)
    kAnd,        // all children
    kOr,         // any child
    kNot,        // one child, excluded
  };

  Kind kind = Kind::kWord;
  Field field = Field::kText;
  std::string text;
  absl::Time from = absl::InfinitePast();
  absl::Time until = absl::InfiniteFuture();
  std::vector<Node> children;
  // Byte offset in the query text where the node starts, for messages.
  size_t offset = 0;
};

}  // namespace chronicle::query

#endif  // CHRONICLE_CORE_QUERY_QUERY_AST_H_
