#include "core/entities/gazetteer.h"

#include "core/entities/embedded_data.h"
#include "core/entities/tokenizer.h"
#include "gtest/gtest.h"

namespace chronicle::entities {
namespace {

class GazetteerTest : public testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Lexicon> lexicon = Lexicon::Parse(EmbeddedDataFile("lexicon.txt"));
    ASSERT_TRUE(lexicon.ok()) << lexicon.status();
    lexicon_ = *std::move(lexicon);
    GazetteerFiles files{EmbeddedDataFile("locations.tsv"), EmbeddedDataFile("ambiguous.tsv"),
                         EmbeddedDataFile("people.tsv"), EmbeddedDataFile("organizations.tsv")};
    absl::StatusOr<Gazetteer> gazetteer = Gazetteer::Load(files, lexicon_);
    ASSERT_TRUE(gazetteer.ok()) << gazetteer.status();
    gazetteer_ = std::make_unique<Gazetteer>(*std::move(gazetteer));
  }

  std::string MatchId(absl::string_view text, size_t token = 0) {
    TokenizedText tt = Tokenize(text);
    GazetteerMatch match;
    if (!gazetteer_->Match(tt, token, &match) || match.blocked()) return "";
    return gazetteer_->entity(match.targets[0].entity).id;
  }

  Lexicon lexicon_;
  std::unique_ptr<Gazetteer> gazetteer_;
};

TEST_F(GazetteerTest, CountriesComeFromIcuWithCuratedNames) {
  EXPECT_EQ(MatchId("South Korea"), "location:south-korea");
  EXPECT_EQ(MatchId("Republic of Korea"), "location:south-korea");
  EXPECT_EQ(MatchId("ROK"), "location:south-korea");
  EXPECT_EQ(MatchId("Myanmar"), "location:myanmar");
  EXPECT_EQ(MatchId("Burma"), "location:myanmar");
  EXPECT_EQ(MatchId("Antigua & Barbuda"), "location:antigua-and-barbuda");
  EXPECT_EQ(MatchId("Guinea-Bissau"), "location:guinea-bissau");
  EXPECT_EQ(MatchId("U.S."), "location:united-states");
}

TEST_F(GazetteerTest, AcronymsMustBeCapitalised) {
  EXPECT_EQ(MatchId("US"), "location:united-states");
  EXPECT_EQ(MatchId("Us"), "");
}

TEST_F(GazetteerTest, CommonWordsAreSkippedOnCapitalLines) {
  EXPECT_EQ(MatchId("Turkey"), "location:turkey");
  EXPECT_EQ(MatchId("TURKEY PRICES RISE"), "");
  EXPECT_EQ(MatchId("WHO WARNS"), "");
  EXPECT_EQ(MatchId("OPEC MEETS"), "organization:organization-of-the-petroleum-exporting-countries");
}

TEST_F(GazetteerTest, LongestMatchWinsAndBlockersStopNames) {
  EXPECT_EQ(MatchId("North Korea"), "location:north-korea");
  EXPECT_EQ(MatchId("Korean Peninsula"), "location:korean-peninsula");
  EXPECT_EQ(MatchId("World War II"), "");
  TokenizedText tt = Tokenize("World War II");
  GazetteerMatch match;
  ASSERT_TRUE(gazetteer_->Match(tt, 0, &match));
  EXPECT_TRUE(match.blocked());
  EXPECT_EQ(match.tokens, 3u);
}

TEST_F(GazetteerTest, RomanisationVariantsShareOneKey) {
  EXPECT_EQ(MatchId("Yoon Suk-yeol"), "person:yoon-suk-yeol");
  EXPECT_EQ(MatchId("Yoon Suk Yeol"), "person:yoon-suk-yeol");
  EXPECT_EQ(MatchId("Yoon Suk-Yeol"), "person:yoon-suk-yeol");
  EXPECT_EQ(MatchId("Moon Jae In"), "person:moon-jae-in");
}

TEST_F(GazetteerTest, CitiesRecordTheirCountry) {
  auto seoul = gazetteer_->FindById("location:seoul");
  ASSERT_TRUE(seoul.has_value());
  EXPECT_EQ(gazetteer_->entity(*seoul).located_in, "location:south-korea");
  EXPECT_EQ(gazetteer_->entity(*seoul).kind, "city");
}

TEST(GazetteerLoadTest, RejectsMalformedRows) {
  absl::StatusOr<Lexicon> lexicon = Lexicon::Parse("[stopwords]\nThe\n");
  ASSERT_TRUE(lexicon.ok());
  GazetteerFiles files;
  files.people = "Some Body\t\tno-such-flag\t\n";
  EXPECT_FALSE(Gazetteer::Load(files, *lexicon).ok());
  files.people = "";
  files.locations = "location:x\tX\tcity\tNowhere Land\t\t\t\n";
  EXPECT_FALSE(Gazetteer::Load(files, *lexicon).ok());
  files.locations = "";
  files.ambiguous = "Foo\tlocation:not-there\t\n";
  EXPECT_FALSE(Gazetteer::Load(files, *lexicon).ok());
}

TEST(LexiconTest, RejectsUnknownSections) {
  EXPECT_FALSE(Lexicon::Parse("[colours]\nred\n").ok());
  EXPECT_FALSE(Lexicon::Parse("red\n").ok());
  absl::StatusOr<Lexicon> ok = Lexicon::Parse("# c\n[title_heads]\nGen.\n");
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->title_heads.contains("gen"));
}

}  // namespace
}  // namespace chronicle::entities
