// The articles of samples/articles (the demo's and the tests' own), read as
// the chronicle client reads files.
#ifndef CHRONICLE_TESTS_INTEGRATION_SAMPLE_ARTICLES_H_
#define CHRONICLE_TESTS_INTEGRATION_SAMPLE_ARTICLES_H_

#include <vector>

#include "chronicle/v1/raw_article.pb.h"

namespace chronicle::testing {

// Every article of every sample file, files in name order (README.md left
// out). A file that cannot be read fails the calling test.
std::vector<v1::RawArticle> SampleArticles();

}  // namespace chronicle::testing

#endif  // CHRONICLE_TESTS_INTEGRATION_SAMPLE_ARTICLES_H_
