#include "core/entities/extractor.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::entities {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

class ExtractorTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<EntityExtractor> created = EntityExtractor::Create();
    ASSERT_TRUE(created.ok()) << created.status();
    extractor_ = new EntityExtractor(*std::move(created));
  }
  static void TearDownTestSuite() {
    delete extractor_;
    extractor_ = nullptr;
  }

  std::vector<Entity> Extract(absl::string_view text) { return extractor_->Extract(text); }

  static const Entity* Find(const std::vector<Entity>& entities, absl::string_view id) {
    for (const Entity& e : entities) {
      if (e.id == id) return &e;
    }
    return nullptr;
  }

  static std::vector<std::string> Ids(const std::vector<Entity>& entities) {
    std::vector<std::string> ids;
    for (const Entity& e : entities) ids.push_back(e.id);
    return ids;
  }

  static std::vector<std::string> MentionTexts(const Entity& e) {
    std::vector<std::string> texts;
    for (const Mention& m : e.mentions) texts.push_back(m.text);
    return texts;
  }

  static EntityExtractor* extractor_;
};

EntityExtractor* ExtractorTest::extractor_ = nullptr;

TEST_F(ExtractorTest, StripsTitlesAndKeepsThemAsRoles) {
  std::string text = "President Yoon Suk Yeol met Prime Minister Fumio Kishida in Tokyo.";
  std::vector<Entity> entities = Extract(text);
  const Entity* yoon = Find(entities, "person:yoon-suk-yeol");
  ASSERT_NE(yoon, nullptr);
  EXPECT_EQ(yoon->name, "Yoon Suk Yeol");
  ASSERT_EQ(yoon->mentions.size(), 1u);
  EXPECT_EQ(yoon->mentions[0].text, "Yoon Suk Yeol");
  EXPECT_EQ(yoon->mentions[0].role, "President");
  EXPECT_EQ(text.substr(yoon->mentions[0].begin, yoon->mentions[0].end - yoon->mentions[0].begin),
            "Yoon Suk Yeol");
  const Entity* kishida = Find(entities, "person:fumio-kishida");
  ASSERT_NE(kishida, nullptr);
  EXPECT_EQ(kishida->mentions[0].role, "Prime Minister");
  EXPECT_NE(Find(entities, "location:tokyo"), nullptr);
}

TEST_F(ExtractorTest, UnknownMinisterAfterDemonymGetsRoleAndCountry) {
  std::vector<Entity> entities = Extract(
      "The talks were held between South Korean Defense Minister Ahn Gyu-back and Japanese "
      "Gen. Nakatani in Seoul.");
  const Entity* ahn = Find(entities, "person:ahn-gyu-back");
  ASSERT_NE(ahn, nullptr);
  EXPECT_EQ(ahn->name, "Ahn Gyu-back");
  EXPECT_EQ(ahn->type, EntityType::kPerson);
  EXPECT_EQ(ahn->mentions[0].role, "Defense Minister");
  const Entity* korea = Find(entities, "location:south-korea");
  ASSERT_NE(korea, nullptr);
  EXPECT_THAT(MentionTexts(*korea), ElementsAre("South Korean"));
  const Entity* nakatani = Find(entities, "person:nakatani");
  ASSERT_NE(nakatani, nullptr);
  EXPECT_EQ(nakatani->mentions[0].role, "Gen.");
  const Entity* japan = Find(entities, "location:japan");
  ASSERT_NE(japan, nullptr);
  EXPECT_THAT(MentionTexts(*japan), ElementsAre("Japanese"));
}

TEST_F(ExtractorTest, SeoulIsACityInSouthKorea) {
  std::vector<Entity> entities = Extract("Officials in Seoul welcomed the plan.");
  const Entity* seoul = Find(entities, "location:seoul");
  ASSERT_NE(seoul, nullptr);
  EXPECT_EQ(seoul->type, EntityType::kLocation);
  EXPECT_EQ(seoul->located_in, "location:south-korea");
}

TEST_F(ExtractorTest, SurnameOnlyMentionsJoinTheFullName) {
  std::string text =
      "Japanese Prime Minister Fumio Kishida visited Seoul. Kishida said the visit was useful, "
      "and Kishida\xE2\x80\x99s aides agreed. Former President Moon Jae-in also spoke; "
      "Moon's administration had started the talks.";
  std::vector<Entity> entities = Extract(text);
  const Entity* kishida = Find(entities, "person:fumio-kishida");
  ASSERT_NE(kishida, nullptr);
  EXPECT_THAT(MentionTexts(*kishida), ElementsAre("Fumio Kishida", "Kishida", "Kishida"));
  const Entity* moon = Find(entities, "person:moon-jae-in");
  ASSERT_NE(moon, nullptr);
  EXPECT_THAT(MentionTexts(*moon), ElementsAre("Moon Jae-in", "Moon"));
  EXPECT_EQ(moon->mentions[0].role, "Former President");
  EXPECT_EQ(Find(entities, "person:kishida"), nullptr);
  EXPECT_EQ(Find(entities, "person:moon"), nullptr);
}

TEST_F(ExtractorTest, SurnameOfAnUnknownPersonAttachesToo) {
  std::vector<Entity> entities = Extract(
      "Finance Minister Choi Sung-ho of Freedonia arrived on Monday. Choi told reporters that "
      "Mr. Choi would stay.");
  const Entity* choi = Find(entities, "person:choi-sung-ho");
  ASSERT_NE(choi, nullptr);
  EXPECT_THAT(MentionTexts(*choi), ElementsAre("Choi Sung-ho", "Choi", "Choi"));
  EXPECT_EQ(choi->mentions[2].role, "Mr.");
}

TEST_F(ExtractorTest, RomanisationVariantsMerge) {
  std::vector<Entity> entities = Extract(
      "Yoon Suk-yeol spoke first. Later Yoon Suk Yeol and Yoon Suk-Yeol were named again, and "
      "Moon Jae In replied.");
  const Entity* yoon = Find(entities, "person:yoon-suk-yeol");
  ASSERT_NE(yoon, nullptr);
  EXPECT_EQ(yoon->mentions.size(), 3u);
  EXPECT_THAT(yoon->aliases, Contains("Yoon Suk-yeol"));
  EXPECT_NE(Find(entities, "person:moon-jae-in"), nullptr);
}

TEST_F(ExtractorTest, UnknownKoreanNameVariantsShareAnId) {
  std::vector<Entity> entities = Extract(
      "Spokesman Kim Min-seok spoke. A day later spokesman Kim Min Seok repeated it.");
  const Entity* kim = Find(entities, "person:kim-min-seok");
  ASSERT_NE(kim, nullptr);
  EXPECT_EQ(kim->mentions.size(), 2u);
}

TEST_F(ExtractorTest, DokdoAndTakeshimaAreOnePlace) {
  std::vector<Entity> entities = Extract(
      "South Korea calls the islets Dokdo, while Japan calls them Takeshima.");
  const Entity* dokdo = Find(entities, "location:dokdo");
  ASSERT_NE(dokdo, nullptr);
  EXPECT_THAT(MentionTexts(*dokdo), ElementsAre("Dokdo", "Takeshima"));
  EXPECT_EQ(extractor_->Resolve("takeshima"), "location:dokdo");
}

TEST_F(ExtractorTest, KoreaMeansSouthKoreaInASouthKoreanStory) {
  std::vector<Entity> entities = Extract(
      "Seoul announced new tariffs. Korea exports more chips than ever, the Republic of Korea "
      "said, while North Korea tested a missile near the Korean Peninsula.");
  const Entity* south = Find(entities, "location:south-korea");
  ASSERT_NE(south, nullptr);
  EXPECT_THAT(MentionTexts(*south), ElementsAre("Korea", "Republic of Korea"));
  const Entity* north = Find(entities, "location:north-korea");
  ASSERT_NE(north, nullptr);
  EXPECT_THAT(MentionTexts(*north), ElementsAre("North Korea"));
  EXPECT_NE(Find(entities, "location:korean-peninsula"), nullptr);
}

TEST_F(ExtractorTest, KoreaFollowsTheNorthWhenOnlyTheNorthIsMentioned) {
  std::vector<Entity> entities = Extract(
      "Pyongyang fired a missile, North Korea said. Korea's leader watched the launch.");
  EXPECT_EQ(Find(entities, "location:south-korea"), nullptr);
  const Entity* north = Find(entities, "location:north-korea");
  ASSERT_NE(north, nullptr);
  EXPECT_THAT(MentionTexts(*north), ElementsAre("North Korea", "Korea"));
}

TEST_F(ExtractorTest, DemonymsAndAbbreviationsLinkToCountries) {
  std::vector<Entity> entities = Extract(
      "American and Japanese officials met ROK diplomats. The U.S. and the U.K. agreed.");
  const Entity* us = Find(entities, "location:united-states");
  ASSERT_NE(us, nullptr);
  EXPECT_THAT(MentionTexts(*us), ElementsAre("American", "U.S."));
  EXPECT_NE(Find(entities, "location:japan"), nullptr);
  EXPECT_NE(Find(entities, "location:united-kingdom"), nullptr);
  const Entity* rok = Find(entities, "location:south-korea");
  ASSERT_NE(rok, nullptr);
  EXPECT_THAT(MentionTexts(*rok), ElementsAre("ROK"));
}

TEST_F(ExtractorTest, ProfessorOfAUniversityGivesPersonAndOrganization) {
  std::vector<Entity> entities = Extract(
      "\"It is a turning point,\" said Professor Yuko Saito of the University of Tokyo.");
  const Entity* saito = Find(entities, "person:yuko-saito");
  ASSERT_NE(saito, nullptr);
  EXPECT_EQ(saito->mentions[0].role, "Professor");
  const Entity* university = Find(entities, "organization:university-of-tokyo");
  ASSERT_NE(university, nullptr);
  EXPECT_EQ(university->type, EntityType::kOrganization);
  EXPECT_EQ(university->name, "University of Tokyo");
}

TEST_F(ExtractorTest, OrganizationSuffixesMakeOrganizations) {
  std::vector<Entity> entities = Extract(
      "Shares of Hanbit Heavy Industries and Daesung Motor Co rose after the Japan-Korea "
      "Economic Association met the Korea Foreign Trade Council. Dr. Kim Ha-neul chaired it.");
  EXPECT_NE(Find(entities, "organization:hanbit-heavy-industries"), nullptr);
  EXPECT_NE(Find(entities, "organization:daesung-motor-co"), nullptr);
  const Entity* association = Find(entities, "organization:japan-korea-economic-association");
  ASSERT_NE(association, nullptr);
  EXPECT_EQ(association->name, "Japan-Korea Economic Association");
  EXPECT_NE(Find(entities, "location:japan"), nullptr);
  EXPECT_NE(Find(entities, "organization:korea-foreign-trade-council"), nullptr);
  const Entity* kim = Find(entities, "person:kim-ha-neul");
  ASSERT_NE(kim, nullptr);
  EXPECT_EQ(kim->mentions[0].role, "Dr.");
}

TEST_F(ExtractorTest, GazetteerOrganizationsAndAbbreviations) {
  std::vector<Entity> entities =
      Extract("The IMF and the World Bank met OPEC ministers while the Fed held rates.");
  EXPECT_NE(Find(entities, "organization:international-monetary-fund"), nullptr);
  EXPECT_NE(Find(entities, "organization:world-bank"), nullptr);
  EXPECT_NE(Find(entities, "organization:federal-reserve"), nullptr);
  EXPECT_NE(Find(entities,
                 "organization:organization-of-the-petroleum-exporting-countries"),
            nullptr);
}

TEST_F(ExtractorTest, AvoidsClassicFalsePositives) {
  std::vector<Entity> entities = Extract(
      "However, the talks resumed on Monday in March. The Cold War and World War II shaped "
      "the region. Analysts expect more. Meanwhile Officials said nothing.");
  EXPECT_THAT(Ids(entities), IsEmpty());
}

TEST_F(ExtractorTest, HeadlinesOnlyYieldKnownNames) {
  std::vector<Entity> entities = Extract(
      "Japan And Korea Seek Fresh Start Amid Regional Tensions\n"
      "Officials from Japan met counterparts.");
  EXPECT_THAT(Ids(entities), ElementsAre("location:japan", "location:south-korea"));
}

TEST_F(ExtractorTest, PeopleFoundByCues) {
  std::vector<Entity> entities = Extract(
      "The plan was welcomed by Hamid Farouk, a spokesman for the group. Jonas Velde said "
      "it was fair, according to William Ostrander.");
  EXPECT_NE(Find(entities, "person:hamid-farouk"), nullptr);
  EXPECT_NE(Find(entities, "person:jonas-velde"), nullptr);
  EXPECT_NE(Find(entities, "person:william-ostrander"), nullptr);
}

TEST_F(ExtractorTest, KnownSurnamesStandAlone) {
  std::vector<Entity> entities = Extract("Reagan and Gorbachev met in Reykjavik.");
  EXPECT_THAT(Ids(entities), ElementsAre("person:ronald-reagan", "person:mikhail-gorbachev",
                                         "location:reykjavik"));
}

TEST_F(ExtractorTest, HeadlineSurnameJoinsTheStory) {
  std::vector<Entity> entities = Extract(
      "BAKER SEES NO NEED FOR DOLLAR FALL\n\nTreasury Secretary James Baker said the dollar "
      "was stable.");
  const Entity* baker = Find(entities, "person:james-baker");
  ASSERT_NE(baker, nullptr);
  EXPECT_THAT(MentionTexts(*baker), ElementsAre("BAKER", "James Baker"));
  EXPECT_EQ(baker->mentions[1].role, "Treasury Secretary");
}

TEST_F(ExtractorTest, SharedSurnamesFollowTheTitle) {
  std::vector<Entity> entities = Extract(
      "Treasury Secretary Baker said the dollar was stable. Separately, White House Chief of "
      "Staff Baker met senators.");
  const Entity* james = Find(entities, "person:james-baker");
  const Entity* howard = Find(entities, "person:howard-baker");
  ASSERT_NE(james, nullptr);
  ASSERT_NE(howard, nullptr);
  EXPECT_EQ(james->mentions[0].role, "Treasury Secretary");
  EXPECT_EQ(howard->mentions[0].role, "Chief of Staff");
}

TEST_F(ExtractorTest, AmbiguousPlacesFollowTheirNeighbours) {
  std::vector<Entity> atlanta = Extract("Georgia lawmakers met in Atlanta on the budget.");
  EXPECT_NE(Find(atlanta, "location:georgia-us-state"), nullptr);
  EXPECT_EQ(Find(atlanta, "location:georgia"), nullptr);
  std::vector<Entity> tbilisi = Extract("Georgia said troops left Tbilisi.");
  EXPECT_NE(Find(tbilisi, "location:georgia"), nullptr);
}

TEST_F(ExtractorTest, PlacesInsideOrganizationNamesCount) {
  std::vector<Entity> entities =
      Extract("The Bank of Japan and the U.S. Senate Budget Committee disagreed.");
  EXPECT_NE(Find(entities, "organization:bank-of-japan"), nullptr);
  EXPECT_NE(Find(entities, "organization:u-s-senate-budget-committee"), nullptr);
  EXPECT_NE(Find(entities, "location:japan"), nullptr);
  EXPECT_NE(Find(entities, "location:united-states"), nullptr);
}

TEST_F(ExtractorTest, AcronymAfterAnOrganizationStandsForIt) {
  std::vector<Entity> entities = Extract(
      "Officials at Hanbit Shipbuilding Corp (HSC) said on Friday that HSC would expand.");
  const Entity* hsc = Find(entities, "organization:hanbit-shipbuilding-corp");
  ASSERT_NE(hsc, nullptr);
  EXPECT_THAT(MentionTexts(*hsc), ElementsAre("Hanbit Shipbuilding Corp", "HSC", "HSC"));
}

TEST_F(ExtractorTest, AdjectivesFromPlacesAreNotOrganizations) {
  std::vector<Entity> entities =
      Extract("said Shin-wha Lee, a professor at the Seoul-based Hanguk University.");
  EXPECT_NE(Find(entities, "person:shin-wha-lee"), nullptr);
  EXPECT_NE(Find(entities, "organization:hanguk-university"), nullptr);
  EXPECT_NE(Find(entities, "location:seoul"), nullptr);
}

TEST_F(ExtractorTest, ResolvesUserTypedNames) {
  EXPECT_EQ(extractor_->Resolve("yoon suk-yeol"), "person:yoon-suk-yeol");
  EXPECT_EQ(extractor_->Resolve("Korea"), "location:south-korea");
  EXPECT_EQ(extractor_->Resolve("Japanese"), "location:japan");
  EXPECT_EQ(extractor_->Resolve("ROK"), "location:south-korea");
  EXPECT_EQ(extractor_->Resolve("location:seoul"), "location:seoul");
  EXPECT_EQ(extractor_->Resolve("Sao Paulo"), "location:sao-paulo");
  EXPECT_EQ(extractor_->Resolve("Nobody Knownhere"), absl::nullopt);
  EXPECT_EQ(extractor_->Resolve("World War II"), absl::nullopt);
  EXPECT_EQ(extractor_->CanonicalName("location:south-korea"), "South Korea");
}

TEST_F(ExtractorTest, MakeEntityIdMatchesExtractedIds) {
  EXPECT_EQ(MakeEntityId(EntityType::kPerson, "Ahn Gyu-back"), "person:ahn-gyu-back");
  EXPECT_EQ(MakeEntityId(EntityType::kPerson, "Karl Otto Pöhl"), "person:karl-otto-pohl");
  EXPECT_EQ(Slugify("  "), "");
}

TEST_F(ExtractorTest, EmptyAndPunctuationOnlyTextsGiveNothing) {
  EXPECT_THAT(Extract(""), IsEmpty());
  EXPECT_THAT(Extract("... -- !!"), IsEmpty());
  EXPECT_THAT(Extract("\xFF\xFE broken bytes"), IsEmpty());
}

}  // namespace
}  // namespace chronicle::entities
