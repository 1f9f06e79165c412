#include "core/parse/assemble.h"

#include <utility>

#include "core/parse/boilerplate.h"
#include "core/text/sentences.h"

namespace chronicle::parse {
namespace {

Paragraph::Kind ParagraphKind(Block::Kind kind) {
  switch (kind) {
    case Block::Kind::kListItem:
      return Paragraph::Kind::kListItem;
    case Block::Kind::kQuote:
      return Paragraph::Kind::kQuote;
    default:
      return Paragraph::Kind::kText;
  }
}

class Assembler {
 public:
  Assembler(bool remove_chatbot, ParsedArticle& article) : remove_chatbot_(remove_chatbot), article_(article) {}

  void Heading(const Block& block, bool faq) {
    OpenSection(block.text, faq);
  }

  void Text(const Block& block, bool faq) {
    std::vector<text::SentenceSpan> spans = splitter_.Split(block.text);
    std::string kept_text;
    bool changed = false;
    if (remove_chatbot_) {
      std::vector<text::SentenceSpan> kept;
      for (const text::SentenceSpan& span : spans) {
        const std::string sentence = block.text.substr(span.begin, span.end - span.begin);
        std::string reason;
        if (IsChatbotDisclaimer(sentence, &reason)) {
          article_.removed_blocks.push_back({"chatbot-disclaimer", sentence, reason});
          changed = true;
        } else {
          kept.push_back(span);
        }
      }
      if (changed) {
        for (const text::SentenceSpan& span : kept) {
          if (!kept_text.empty()) kept_text.push_back(' ');
          kept_text.append(block.text, span.begin, span.end - span.begin);
        }
        spans = splitter_.Split(kept_text);
      }
    }
    const std::string& text = changed ? kept_text : block.text;
    if (text.empty()) return;

    if (article_.sections.empty() || (faq && article_.sections.back().kind != Section::Kind::kFaq)) {
      OpenSection("", faq);
    }
    std::string& body = article_.body;
    if (!body.empty()) body += "\n\n";
    const size_t begin = body.size();
    body += text;
    const size_t paragraph = article_.paragraphs.size();
    const size_t section = article_.sections.size() - 1;
    article_.paragraphs.push_back({begin, body.size(), section, ParagraphKind(block.kind)});
    for (const text::SentenceSpan& span : spans) {
      article_.sentences.push_back(
          {begin + span.begin, begin + span.end, text.substr(span.begin, span.end - span.begin), paragraph, section});
    }
    article_.sections.back().end = body.size();
  }

 private:
  void OpenSection(const std::string& heading, bool faq) {
    Section section;
    section.heading = heading;
    // Sections start where their first paragraph will start.
    section.begin = article_.body.empty() ? 0 : article_.body.size() + 2;
    section.end = section.begin;
    section.kind = faq ? Section::Kind::kFaq : Section::Kind::kBody;
    article_.sections.push_back(std::move(section));
  }

  bool remove_chatbot_;
  ParsedArticle& article_;
  text::SentenceSplitter splitter_;
};

}  // namespace

void AssembleBody(const std::vector<Block>& blocks, const std::vector<BlockState>& states, bool remove_chatbot,
                  std::vector<RemovedBlock> pre_removed, ParsedArticle& article) {
  article.removed_blocks = std::move(pre_removed);
  Assembler assembler(remove_chatbot, article);
  for (size_t i = 0; i < blocks.size(); ++i) {
    const BlockState& state = states[i];
    if (state.title) continue;
    if (state.removed()) {
      article.removed_blocks.push_back({state.removed_kind, blocks[i].text, state.removed_reason});
    } else if (blocks[i].kind == Block::Kind::kHeading) {
      assembler.Heading(blocks[i], state.faq);
    } else {
      assembler.Text(blocks[i], state.faq);
    }
  }
  // A section opened by a heading after the last paragraph ends where the body does.
  for (Section& section : article.sections) {
    if (section.begin > article.body.size()) section.begin = section.end = article.body.size();
  }
}

}  // namespace chronicle::parse
