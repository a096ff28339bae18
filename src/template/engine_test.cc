#include "template/engine.h"

#include <gtest/gtest.h>

namespace tocsin::tmpl {
namespace {

Value Data() {
  Map kv{{"alertname", Value("Up")}, {"job", Value("node")}};
  List items{Value("a"), Value("b"), Value("c")};
  Map m{{"b", Value(int64_t{2})}, {"a", Value(int64_t{1})}};
  return Value::MakeStruct(
      {{"Name", Value("world")},
       {"Count", Value(int64_t{3})},
       {"Zero", Value(int64_t{0})},
       {"Pi", Value(3.14159)},
       {"Empty", Value("")},
       {"True", Value(true)},
       {"Items", Value::MakeList(items, Shape::kStrings, "[]string")},
       {"Map", Value::MakeMap(m)},
       {"KV", Value::MakeMap(kv, Shape::kKV, "template.KV")},
       {"Html", Value("<a href='x'>&</a>")}},
      "main.T");
}

std::string Exec(std::string_view text, const Value& data = Data(),
                 Mode mode = Mode::kText) {
  TemplateSet set;
  auto r = set.ExecuteString(text, data, mode, ExecEnv{});
  if (!r.ok()) return "ERROR: " + r.status().message();
  return *r;
}

TEST(EngineTest, TextAndFields) {
  EXPECT_EQ(Exec("hello"), "hello");
  EXPECT_EQ(Exec("Hello, {{.Name}}!"), "Hello, world!");
  EXPECT_EQ(Exec("{{ .KV.job }}"), "node");
  EXPECT_EQ(Exec("[{{ .KV.missing }}]"), "[]");
  EXPECT_EQ(Exec("[{{ .Map.missing }}]"), "[<no value>]");
  EXPECT_EQ(Exec("{{ .Map.a }}"), "1");
  EXPECT_EQ(Exec("{{ . | printf \"%T\" }}"), "main.T");
  EXPECT_EQ(Exec(""), "");
}

TEST(EngineTest, Trimming) {
  EXPECT_EQ(Exec("a  {{- .Name -}}  b"), "aworldb");
  EXPECT_EQ(Exec("a\n\n{{- 3 }}\n"), "a3\n");
  EXPECT_EQ(Exec("a {{- /* comment */ -}} b"), "ab");
  EXPECT_EQ(Exec("a{{/* c */}}b"), "ab");
  EXPECT_EQ(Exec("{{-3}}"), "-3");
}

TEST(EngineTest, Conditionals) {
  EXPECT_EQ(Exec("{{if .True}}yes{{else}}no{{end}}"), "yes");
  EXPECT_EQ(Exec("{{if .Zero}}yes{{else}}no{{end}}"), "no");
  EXPECT_EQ(Exec("{{if .Empty}}a{{else if .Count}}b{{else}}c{{end}}"), "b");
  EXPECT_EQ(Exec("{{if .Empty}}a{{else if .Zero}}b{{else}}c{{end}}"), "c");
  EXPECT_EQ(Exec("{{with .Name}}<{{.}}>{{end}}"), "<world>");
  EXPECT_EQ(Exec("{{with .Empty}}x{{else}}empty{{end}}"), "empty");
  EXPECT_EQ(Exec("{{if and .True .Count}}{{end}}{{and .True .Count}}"), "3");
  EXPECT_EQ(Exec("{{or .Empty .Zero \"z\"}}"), "z");
  EXPECT_EQ(Exec("{{and .Zero (index .Items 10)}}"), "0");
  EXPECT_EQ(Exec("{{not .True}}"), "false");
}

TEST(EngineTest, Range) {
  EXPECT_EQ(Exec("{{range .Items}}[{{.}}]{{end}}"), "[a][b][c]");
  EXPECT_EQ(Exec("{{range $i, $v := .Items}}{{$i}}={{$v}} {{end}}"),
            "0=a 1=b 2=c ");
  EXPECT_EQ(Exec("{{range $k, $v := .Map}}{{$k}}:{{$v}};{{end}}"), "a:1;b:2;");
  EXPECT_EQ(Exec("{{range .Map}}{{.}}{{end}}"), "12");
  EXPECT_EQ(Exec("{{range .Empty}}x{{else}}none{{end}}"),
            "ERROR: template: :1:8: executing \"\" at <.Empty>: range can't "
            "iterate over ");
  EXPECT_EQ(Exec("{{range .Zero}}x{{else}}none{{end}}"), "none");
  EXPECT_EQ(
      Exec("{{range .Items}}{{if eq . \"b\"}}{{break}}{{end}}{{.}}{{end}}"),
      "a");
  EXPECT_EQ(
      Exec("{{range .Items}}{{if eq . \"b\"}}{{continue}}{{end}}{{.}}{{end}}"),
      "ac");
  EXPECT_EQ(Exec("{{range 3}}{{.}}{{end}}"), "012");
  EXPECT_EQ(Exec("{{range $x := .Items}}{{$x}}{{end}}"), "abc");
}

TEST(EngineTest, Variables) {
  EXPECT_EQ(Exec("{{$x := .Name}}{{$x}}"), "world");
  EXPECT_EQ(Exec("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}"), "2");
  EXPECT_EQ(Exec("{{with .KV}}{{$.Name}}{{end}}"), "world");
  EXPECT_EQ(Exec("{{$m := .KV}}{{$m.job}}"), "node");
  EXPECT_EQ(Exec("{{range .Items}}{{$y := .}}{{end}}ok"), "ok");
}

TEST(EngineTest, DefineTemplateBlock) {
  TemplateSet set;
  ASSERT_TRUE(set.Parse("t",
                        "{{define \"a\"}}A{{.}}{{end}}"
                        "{{define \"b\"}}[{{template \"a\" .}}]{{end}}")
                  .ok());
  auto r = set.ExecuteString("{{template \"b\" 7}}", Value(), Mode::kText,
                             ExecEnv{});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, "[A7]");
  EXPECT_EQ(Exec("{{block \"x\" .Name}}<{{.}}>{{end}}"), "<world>");
  EXPECT_EQ(Exec("{{template \"nope\"}}"),
            "ERROR: template: :1:2: executing \"\" at <{{template \"nope\"}}>: "
            "template \"nope\" not defined");
}

TEST(EngineTest, Redefinition) {
  TemplateSet set;
  ASSERT_TRUE(set.Parse("a", "{{define \"x\"}}1{{end}}").ok());
  ASSERT_TRUE(set.Parse("b", "{{define \"x\"}}2{{end}}").ok());
  auto r = set.Execute("x", Value(), Mode::kText, ExecEnv{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "2");
}

TEST(EngineTest, Builtins) {
  EXPECT_EQ(Exec("{{len .Items}} {{len .Name}} {{len .Map}}"), "3 5 2");
  EXPECT_EQ(Exec("{{index .Items 1}} {{index .Map \"b\"}}"), "b 2");
  EXPECT_EQ(Exec("{{slice .Name 1 3}} {{slice .Items 1}}"), "or [b c]");
  EXPECT_EQ(Exec("{{print 1 2 \"a\" \"b\" 3}}"), "1 2ab3");
  EXPECT_EQ(Exec("{{println 1 \"a\"}}"), "1 a\n");
  EXPECT_EQ(Exec("{{eq .Count 3}} {{eq .Name \"x\" \"world\"}} {{ne 1 2}}"),
            "true true true");
  EXPECT_EQ(Exec("{{lt 1 2}} {{le 2 2}} {{gt 1 2}} {{ge \"b\" \"a\"}}"),
            "true true false true");
  EXPECT_EQ(Exec("{{html .Html}}"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(Exec("{{js \"a'b<\"}}"), "a\\'b\\u003C");
  EXPECT_EQ(Exec("{{urlquery \"a b&c\"}}"), "a+b%26c");
  EXPECT_EQ(Exec("{{.Items}} {{.Map}} {{.Pi}} {{.True}}"),
            "[a b c] map[a:1 b:2] 3.14159 true");
  EXPECT_EQ(Exec("{{ .Name | printf \"%s-%s\" \"x\" }}"), "x-world");
  EXPECT_EQ(Exec("{{ (index .Items 0) }}{{ (.KV).job }}"), "anode");
  EXPECT_EQ(Exec("{{ 'a' }} {{ 0x10 }} {{ 1.5 }} {{ 1e3 }}"), "97 16 1.5 1000");
  EXPECT_EQ(Exec("{{ `raw\\n` }}"), "raw\\n");
  EXPECT_EQ(Exec("{{ \"q\\\"\\n\" }}"), "q\"\n");
}

TEST(EngineTest, Printf) {
  EXPECT_EQ(Exec("{{printf \"%d|%5d|%-5d|%05d\" 42 42 42 42}}"),
            "42|   42|42   |00042");
  EXPECT_EQ(Exec("{{printf \"%s|%5s|%-5s|%q\" \"ab\" \"ab\" \"ab\" \"ab\"}}"),
            "ab|   ab|ab   |\"ab\"");
  EXPECT_EQ(Exec("{{printf \"%f|%.2f|%e|%g|%v\" 3.14159 3.14159 1234.5 "
                 "0.000012 1e21}}"),
            "3.141590|3.14|1.234500e+03|1.2e-05|1e+21");
  EXPECT_EQ(Exec("{{printf \"%x|%X|%t|%%|%v\" 255 \"hi\" true .Items}}"),
            "ff|6869|true|%|[a b c]");
  EXPECT_EQ(Exec("{{printf \"%d\" \"x\"}}"), "%!d(string=x)");
  EXPECT_EQ(Exec("{{printf \"%d %d\" 1}}"), "1 %!d(MISSING)");
  EXPECT_EQ(Exec("{{printf \"%d\" 1 2}}"), "1%!(EXTRA int=2)");
  EXPECT_EQ(Exec("{{printf \"%v\" .Map}}"), "map[a:1 b:2]");
  EXPECT_EQ(Exec("{{printf \"%.1f\" 0.25}} {{printf \"%.0f\" 2.5}}"), "0.2 2");
  EXPECT_EQ(Exec("{{printf \"%v %v %v\" 100000.0 1000000.0 0.0001}}"),
            "100000 1e+06 0.0001");
}

TEST(EngineTest, ExecErrors) {
  EXPECT_EQ(Exec("{{.Nope}}"),
            "ERROR: template: :1:2: executing \"\" at <.Nope>: can't evaluate "
            "field Nope in type main.T");
  EXPECT_EQ(Exec("\n{{index .Items 5}}"),
            "ERROR: template: :2:2: executing \"\" at <index .Items 5>: error "
            "calling index: index out of range: 5");
  EXPECT_EQ(Exec("{{eq 1 \"a\"}}"),
            "ERROR: template: :1:2: executing \"\" at <eq 1 \"a\">: error "
            "calling eq: incompatible types for comparison");
  EXPECT_EQ(Exec("{{len 3}}"),
            "ERROR: template: :1:2: executing \"\" at <len 3>: error calling "
            "len: len of type int");
  EXPECT_EQ(Exec("{{.Name 1}}"),
            "ERROR: template: :1:2: executing \"\" at <.Name>: Name has "
            "arguments but cannot be invoked as function");
  EXPECT_EQ(Exec("{{toUpper 1}}"),
            "ERROR: template: :1:2: executing \"\" at <toUpper 1>: error "
            "calling toUpper: wrong type for value; expected string; got int");
  EXPECT_EQ(Exec("{{join \" \"}}"),
            "ERROR: template: :1:2: executing \"\" at <join \" \">: wrong "
            "number of args for join: want 2 got 1");
}

TEST(EngineTest, ParseErrors) {
  EXPECT_EQ(Exec("{{if}}"), "ERROR: template: :1: missing value for if");
  EXPECT_EQ(Exec("a\n{{.X"), "ERROR: template: :2: unclosed action");
  EXPECT_EQ(Exec("{{nofunc 1}}"),
            "ERROR: template: :1: function \"nofunc\" not defined");
  EXPECT_EQ(Exec("{{$x}}"), "ERROR: template: :1: undefined variable \"$x\"");
  EXPECT_EQ(Exec("{{if 1}}x"), "ERROR: template: :1: unexpected EOF");
  EXPECT_EQ(Exec("{{end}}"), "ERROR: template: :1: unexpected {{end}}");
  EXPECT_EQ(Exec("{{break}}"),
            "ERROR: template: :1: {{break}} outside {{range}}");
  EXPECT_EQ(Exec("{{\"abc}}"),
            "ERROR: template: :1: unterminated quoted string");
}

TEST(EngineTest, HtmlMode) {
  EXPECT_EQ(Exec("<p>{{.Html}}</p>", Data(), Mode::kHtml),
            "<p>&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;</p>");
  EXPECT_EQ(Exec("<p>{{safeHtml .Html}}</p>", Data(), Mode::kHtml),
            "<p><a href='x'>&</a></p>");
  EXPECT_EQ(Exec("a<!-- c -->b{{ \"1+1\" }}", Data(), Mode::kHtml),
            "ab1&#43;1");
  EXPECT_EQ(
      Exec("<a href=\"{{ \"http://x/a b?q=1&r=<\" }}\">", Data(), Mode::kHtml),
      "<a href=\"http://x/a%20b?q=1&amp;r=%3c\">");
  EXPECT_EQ(
      Exec("<a href=\"{{ \"javascript:alert(1)\" }}\">", Data(), Mode::kHtml),
      "<a href=\"#ZgotmplZ\">");
  EXPECT_EQ(Exec("<a href=\"/x?r={{ \"a b/c\" }}\">", Data(), Mode::kHtml),
            "<a href=\"/x?r=a%20b%2fc\">");
  EXPECT_EQ(Exec("<a href=\"{{ \"/p%2f100%\" }}\">", Data(), Mode::kHtml),
            "<a href=\"/p%2f100%25\">");
  EXPECT_EQ(Exec("<a href=\"{{ \"/a:b\" }}\">", Data(), Mode::kHtml),
            "<a href=\"/a:b\">");
  EXPECT_EQ(Exec("<a href=\"{{ safeUrl \"tel:1\" }}\">", Data(), Mode::kHtml),
            "<a href=\"tel:1\">");
  EXPECT_EQ(Exec("<a title=\"{{ \"a\\\"b\" }}\">", Data(), Mode::kHtml),
            "<a title=\"a&#34;b\">");
}

}  // namespace
}  // namespace tocsin::tmpl
