/**
 * A small rich-text editor (TipTap: ProseMirror underneath) limited to what the server keeps after sanitising
 * (docs/PORTAL.md): paragraphs, headings, lists, bold, italic, links (http/https/mailto). No raw HTML input.
 */
import { useEffect } from 'react';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { Button, Space } from 'antd';
import { useI18n } from '../../i18n.tsx';

export default function RichText({ value, onChange }: { value: string; onChange: (html: string) => void }) {
  const { t } = useI18n();
  const editor = useEditor({
    extensions: [StarterKit.configure({
      heading: { levels: [2, 3] }, code: false, codeBlock: false, horizontalRule: false, strike: false, underline: false,
      link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'], isAllowedUri: (url) => /^(https?:|mailto:)/i.test(url) },
    })],
    content: value,
    onUpdate: ({ editor: e }) => onChange(e.isEmpty ? '' : e.getHTML()),
  });
  // a different article loaded into the same editor. useEditor may hand back an instance it has destroyed (it
  // recreates the editor when React mounts the component twice); its schema is gone then and getHTML() throws
  useEffect(() => {
    if (!editor || editor.isDestroyed || editor.isFocused) return;
    if (value !== editor.getHTML()) editor.commands.setContent(value, { emitUpdate: false });
  }, [editor, value]);
  const state = useEditorState({ editor, selector: ({ editor: e }) => ({
    bold: e?.isActive('bold') ?? false, italic: e?.isActive('italic') ?? false, h2: e?.isActive('heading', { level: 2 }) ?? false, h3: e?.isActive('heading', { level: 3 }) ?? false,
    ul: e?.isActive('bulletList') ?? false, ol: e?.isActive('orderedList') ?? false, link: e?.isActive('link') ?? false,
  }) });
  if (!editor || editor.isDestroyed) return null;
  const chain = () => editor.chain().focus();
  const link = () => {
    const prev = editor.getAttributes('link').href as string | undefined;
    const url = window.prompt(t('art.linkPrompt'), prev ?? 'https://');
    if (url === null) return;
    if (!url.trim()) { chain().extendMarkRange('link').unsetLink().run(); return; }
    if (!/^(https?:\/\/|mailto:)/i.test(url.trim())) { window.alert(t('art.linkBad')); return; }
    chain().extendMarkRange('link').setLink({ href: url.trim() }).run();
  };
  const b = (on: boolean | undefined, label: string, run: () => void, testId: string) => (
    <Button size="small" type={on ? 'primary' : 'default'} onMouseDown={(e) => e.preventDefault()} onClick={run} data-testid={testId}>{label}</Button>);
  return (
    <div style={{ border: '1px solid #d9d9d9', borderRadius: 6 }}>
      <Space wrap style={{ padding: 6, borderBottom: '1px solid #f0f0f0', width: '100%' }}>
        {b(state?.h2, t('art.h2'), () => chain().toggleHeading({ level: 2 }).run(), 'rt-h2')}
        {b(state?.h3, t('art.h3'), () => chain().toggleHeading({ level: 3 }).run(), 'rt-h3')}
        {b(state?.bold, t('art.bold'), () => chain().toggleBold().run(), 'rt-bold')}
        {b(state?.italic, t('art.italic'), () => chain().toggleItalic().run(), 'rt-italic')}
        {b(state?.ul, t('art.ul'), () => chain().toggleBulletList().run(), 'rt-ul')}
        {b(state?.ol, t('art.ol'), () => chain().toggleOrderedList().run(), 'rt-ol')}
        {b(state?.link, t('art.link'), link, 'rt-link')}
      </Space>
      <EditorContent editor={editor} data-testid="rich-text" style={{ minHeight: 220, padding: '4px 12px' }} className="fq-rich-text" />
      <style>{'.fq-rich-text .ProseMirror { min-height: 200px; outline: none } .fq-rich-text .ProseMirror p { margin: 0.4em 0 }'}</style>
    </div>
  );
}
