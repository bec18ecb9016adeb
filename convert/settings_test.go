package convert

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gongwen/fonts"
)

func goodSettings() Settings {
	return Settings{Formats: "pdf,docx", Mode: "full", DPI: 150, Profile: "report", Compression: DefaultCompression}
}

func TestSettings(t *testing.T) {
	opt, err := goodSettings().Options()
	if err != nil {
		t.Fatal(err)
	}
	if len(opt.Formats) != 2 || opt.Mode != Full || opt.Fonts == nil || opt.Spec.Lines != 22 || opt.DocxFonts.Body == "" {
		t.Errorf("options %+v", opt)
	}
	for _, c := range []struct {
		set  func(*Settings)
		want string
	}{
		{func(s *Settings) { s.Formats = "odt" }, `format "odt"`},
		{func(s *Settings) { s.Mode = "half" }, `mode "half"`},
		{func(s *Settings) { s.Pages = "3-1" }, `pages "3-1"`},
		{func(s *Settings) { s.DPI = 0 }, "dpi 0"},
		{func(s *Settings) { s.Thumb = -5 }, "thumb -5"},
		{func(s *Settings) { s.Compression = 0 }, "compression 0"},
		{func(s *Settings) { s.Meta = []string{"颜色=红"} }, `meta: unknown metadata key "颜色"`},
		{func(s *Settings) { s.Meta = []string{"发文机关"} }, `meta "发文机关": want KEY=VALUE`},
		{func(s *Settings) { s.DocxFonts = []string{"mono=C"} }, `docx-font: unknown role "mono"`},
		{func(s *Settings) { s.RedactStyle = "x" }, `redact-style "x"`},
		{func(s *Settings) { s.Fonts = []string{"body"} }, `font "body": want ROLE=PATH`},
		{func(s *Settings) { s.Fonts = []string{"body=/no/such.ttf"} }, "font: font for body"},
		{func(s *Settings) { s.Profile = "memo" }, `profile: no profile "memo"`},
	} {
		s := goodSettings()
		c.set(&s)
		_, err := s.Options()
		var se *SettingError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("err = %v, want a SettingError with %q", err, c.want)
		}
	}
}

// TestHashCoversEveryOption: changing any field of Options changes the
// options hash (it is derived from the value, so a field added later is
// covered without a list to keep), and the same options hash alike.
func TestHashCoversEveryOption(t *testing.T) {
	base, err := goodSettings().Options()
	if err != nil {
		t.Fatal(err)
	}
	h0, err := base.Hash("v1")
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := base.Hash("v1"); h != h0 {
		t.Fatal("the same options hash differently")
	}
	if h, _ := base.Hash("v2"); h == h0 {
		t.Error("the version does not change the hash")
	}
	font := filepath.Join(t.TempDir(), "x.ttf")
	os.WriteFile(font, []byte("x"), 0o644)
	other, err := fonts.Resolve(fonts.Options{Files: map[fonts.Role]string{fonts.Kai: font}})
	if err != nil {
		t.Fatal(err)
	}
	v := reflect.ValueOf(&base).Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		opt := base
		fv := reflect.ValueOf(&opt).Elem().Field(i)
		switch fv.Interface().(type) {
		case *fonts.Set:
			fv.Set(reflect.ValueOf(other))
		case time.Time:
			fv.Set(reflect.ValueOf(time.Unix(1e9, 0)))
		default:
			if !perturb(fv) {
				t.Errorf("%s: the test cannot change a %s", f.Name, fv.Type())
				continue
			}
		}
		if h, err := opt.Hash("v1"); err != nil || h == h0 {
			t.Errorf("changing %s leaves the hash as it was (%v)", f.Name, err)
		}
	}
	// A seal's file is hashed by content too.
	seal := filepath.Join(t.TempDir(), "seal.png")
	os.WriteFile(seal, []byte("one"), 0o644)
	opt := base
	opt.Seals = []string{seal}
	h1, _ := opt.Hash("v1")
	os.WriteFile(seal, []byte("two"), 0o644)
	if h2, _ := opt.Hash("v1"); h2 == h1 {
		t.Error("a changed seal image leaves the hash as it was")
	}
}

// perturb changes v (a settable value) to another value of its type.
func perturb(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int64:
		v.SetInt(v.Int() + 7)
	case reflect.Float64:
		v.SetFloat(v.Float() + 3.5)
	case reflect.String:
		v.SetString(v.String() + "x")
	case reflect.Slice:
		e := reflect.New(v.Type().Elem()).Elem()
		if !perturb(e) {
			return false
		}
		v.Set(reflect.Append(v, e))
	case reflect.Array:
		return v.Len() > 0 && perturb(v.Index(0))
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && perturb(v.Field(i)) {
				return true
			}
		}
		return false
	default:
		return false
	}
	return true
}
